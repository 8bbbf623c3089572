"""Reading and altering a backup archive, as a damaged disk or a careless hand might."""

import io
import json
import tarfile


def backed_up_rows(path):
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("data.json"))


def backed_up_files(path):
    """{storage name: bytes} of the evidence files in the archive."""
    with tarfile.open(path) as archive:
        return {
            m.name.removeprefix("files/"): archive.extractfile(m).read()
            for m in archive.getmembers()
            if m.name.startswith("files/")
        }


def rewrite(path, rows=lambda rows: rows, files=lambda name, content: content):
    """The archive written again with its rows passed through rows(), and each file's content through
    files(name, content): None leaves that file out."""
    with tarfile.open(path) as archive:
        members = [(m, archive.extractfile(m).read()) for m in archive.getmembers()]
    with tarfile.open(path, "w:gz") as archive:
        for member, content in members:
            if member.name == "data.json":
                content = json.dumps(rows(json.loads(content))).encode()
            else:
                content = files(member.name.removeprefix("files/"), content)
                if content is None:
                    continue
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
