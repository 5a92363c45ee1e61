"""The admin's upload form for any registered importer, built from its ``files``."""

from django import forms

from wiki.models import Show

from .base import MAX_BYTES


class UploadForm(forms.Form):
    """One file field per input of the importer (and a show when it needs one)."""

    file_names = ()
    required_css_class = "required"  # the admin's bold label

    def uploads(self):
        """``{name: (filename, bytes)}`` of the files given, as ``Importer.parse`` takes them.
        A file is read to one byte past the limit: enough for the importer to refuse it."""
        out = {}
        for name in self.file_names:
            upload = self.cleaned_data.get(name)
            if upload:
                out[name] = (upload.name, upload.read(MAX_BYTES + 1))
        return out

    def field_for(self, filename):
        """The field whose upload is named ``filename``: where a refusal is shown."""
        for name in self.file_names:
            upload = self.cleaned_data.get(name)
            if upload and upload.name == filename:
                return name
        return None


def upload_form(importer_class):
    fields = {}
    if getattr(importer_class, "needs_show", False):
        fields["show"] = forms.ModelChoiceField(Show.objects.order_by("title"), label="Show")
    optional = getattr(importer_class, "optional_files", ())
    for name, description in importer_class.files.items():
        fields[name] = forms.FileField(
            label=description,
            required=name not in optional,
            allow_empty_file=True,  # an empty file is the importer's to refuse, with its message
            help_text=f"At most {MAX_BYTES // (1024 * 1024)} MB.",
        )
    return type(
        f"{importer_class.__name__}UploadForm",
        (UploadForm,),
        {**fields, "file_names": tuple(importer_class.files)},
    )
