from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("trends/", views.trends_page, name="trends"),
    path("trends/<slug:table>.csv", views.trends_csv, name="trends-csv"),
    path("themes/", views.themes, name="themes"),
    path("board-pack/", views.board_pack, name="board-pack"),
    path("board-pack.pdf", views.board_pack_pdf, name="board-pack-pdf"),
    path("board-pack.xlsx", views.board_pack_xlsx, name="board-pack-xlsx"),
]
