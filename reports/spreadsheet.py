"""The board pack's lists as a spreadsheet: one sheet per list, a header row, real dates and numbers."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .board_pack import BoardPack

DATE_FORMAT = "d mmmm yyyy"


def _item_rows(items, today):
    for item in items:
        rec = item.recommendation
        yield [
            str(rec.inspection),
            item.reference or "",
            rec.owner.name if rec.owner else "",
            item.get_item_category_display(),
            item.target_text,
            item.due_date,
            item.current_target_text,
            item.current_due_date,
            item.revision_count,
            item.days_overdue(today),
            item.days_overdue(today, against_original=True),
        ]


ITEM_HEADER = [
    "Inspection",
    "Item",
    "Owner",
    "Category",
    "Original target as written",
    "Original due date",
    "Current target as written",
    "Current due date",
    "Extensions",
    "Days overdue (current target)",
    "Days overdue (original target)",
]


EXTENSION_HEADER = [
    "Inspection",
    "Item",
    "Owner",
    "Previous target",
    "Previous due date",
    "New target",
    "New due date",
    "Agreed on",
    "Reason",
    "Agreed by",
    "Source",
]
RECOMMENDATION_HEADER = [
    "Inspection",
    "Recommendation",
    "Owner",
    "Status",
    "Closed on",
    "Closure known to",
    "Inspectorate assessment",
    "Assessed on",
]


def _sheets(pack: BoardPack):
    today = pack.today
    yield "Overdue", ITEM_HEADER, _item_rows(pack.overdue.queryset.iterator(chunk_size=2000), today)
    yield "Due next quarter", ITEM_HEADER, _item_rows(pack.due_soon.queryset.iterator(chunk_size=2000), today)
    yield (
        "Extensions",
        EXTENSION_HEADER,
        (
            [
                str(r.recommendation.inspection),
                r.response.reference or "",
                r.recommendation.owner.name if r.recommendation.owner else "",
                r.previous_target_text,
                r.previous_due_date,
                r.new_target_text,
                r.new_due_date,
                r.agreed_on,
                r.reason,
                r.agreed_by,
                r.source,
            ]
            for r in pack.extensions.queryset.iterator(chunk_size=2000)
        ),
    )

    def recommendation_rows(queryset):
        for rec in queryset.iterator(chunk_size=2000):
            yield [
                str(rec.inspection),
                rec.reference,
                rec.owner.name if rec.owner else "",
                rec.get_status_display(),
                rec.closed_on,
                rec.get_closed_precision_display() if rec.closed_on else "",
                rec.get_assessment_display(),
                rec.assessed_on,
            ]

    yield "Closures recorded", RECOMMENDATION_HEADER, recommendation_rows(pack.closures.queryset)
    yield "Disputed", RECOMMENDATION_HEADER, recommendation_rows(pack.disputed.queryset)


def board_pack_workbook(pack, as_of):
    """The workbook's bytes. Written row by row (openpyxl's write-only mode), so memory stays flat."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in _sheets(pack):
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        cells = []
        for name in header:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    about = book.create_sheet("About")
    about.append(["Board pack", pack.scope.in_words])
    about.append(["As of", as_of.replace(tzinfo=None)])
    about.append(["Extensions and closures since", pack.since])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if hasattr(value, "year"):
        cell.number_format = DATE_FORMAT
    return cell
