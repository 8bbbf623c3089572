from django import forms
from django.core.exceptions import ValidationError

from .importing import MAX_BYTES, ImportRefused, read_text


class ImportForm(forms.Form):
    """Paste the published text, or upload it; exactly one of the two."""

    text = forms.CharField(
        label="Paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="The whole Home Office response, or the report's recommendations section, as published.",
    )
    file = forms.FileField(label="Or upload it", required=False, help_text="A .txt or .html file of at most 2 MB.")

    def clean(self):
        upload, pasted = self.cleaned_data.get("file"), self.cleaned_data.get("text", "")
        if upload and pasted.strip():
            raise ValidationError("Paste the text or upload a file, not both.")
        try:
            if upload:
                if upload.size > MAX_BYTES:
                    raise ImportRefused(
                        f"The file is {upload.size / 1024 / 1024:.1f} MB; the most the import reads is 2 MB."
                    )
                self.cleaned_data["document"] = read_text(upload.read(), upload.name)
            else:
                self.cleaned_data["document"] = read_text(pasted.encode("utf-8"))
        except ImportRefused as refusal:
            raise ValidationError(str(refusal)) from refusal
        return self.cleaned_data
