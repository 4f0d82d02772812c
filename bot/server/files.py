"""`GET /attachments/{id}`: a file a customer sent, for staff only.

Staff reach it from the link on a Slack card, which carries a signature of the attachment's
id made with `COMPLAINTBOT_API_TOKEN` (`?sig=`), or with the API token itself (`?token=` or
`Authorization: Bearer`) from a script. Without an API token the route is off (404): there
is nothing to sign links with. The file is sent as a download (`Content-Disposition:
attachment`, `nosniff`), so that a customer's file never runs as a page of ours.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from pathlib import Path

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from bot.server.http import error, has_token, same_secret
from storage.db import transaction
from storage.models import Attachment

log = logging.getLogger(__name__)

ROUTE = "/attachments/{attachment_id}"


def signature(token: str, attachment_id: int) -> str:
    """The signature that lets a link fetch one attachment (and no other)."""
    message = f"attachment:{attachment_id}".encode()
    return hmac.new(token.encode(), message, hashlib.sha256).hexdigest()


def signed_link(public_url: str, token: str, attachment_id: int) -> str:
    """The staff-only address of an attachment, signed."""
    sig = signature(token, attachment_id)
    return f"{public_url.rstrip('/')}/attachments/{attachment_id}?sig={sig}"


class Files:
    """The attachment route over the stored files."""

    def __init__(self, factory: sessionmaker, directory: Path, token: str | None) -> None:
        self.factory = factory
        self.directory = directory
        self.token = token

    def routes(self) -> list[web.RouteDef]:
        """The one route."""
        return [web.get(ROUTE, self.fetch)]

    def _allowed(self, request: web.Request, attachment_id: int) -> bool:
        token = self.token or ""
        given = request.query.get("sig", "")
        if given and same_secret(given, signature(token, attachment_id)):
            return True
        return has_token(request, token)

    async def fetch(self, request: web.Request) -> web.StreamResponse:
        """The file, to a signed link or a holder of the API token; 401 to anyone else."""
        if not self.token:
            raise web.HTTPNotFound()
        given = request.match_info["attachment_id"]
        if not given.isascii() or not given.isdigit() or not 0 < int(given) < 2**31:
            return error(404, "no such attachment")  # never a row's id (an INTEGER)
        attachment_id = int(given)
        if not self._allowed(request, attachment_id):
            return error(401, "a signed link or the API token is required")
        with transaction(self.factory) as session:
            row = session.get(Attachment, attachment_id)
            found = (row.sha256, row.mime_type, row.filename) if row is not None else None
        if found is None or not found[0]:
            return error(404, "no such attachment")
        digest, mime_type, filename = found
        path = self.directory / digest[:2] / digest
        if not path.is_file():
            return error(404, "no such attachment")
        log.info("attachment.fetched", extra={"attachment": attachment_id})
        name = (filename or f"attachment-{attachment_id}").replace('"', "")
        return web.FileResponse(
            path,
            headers={
                "Content-Type": mime_type or "application/octet-stream",
                "Content-Disposition": f'attachment; filename="{name.encode("ascii", "replace").decode()}"',
                "X-Content-Type-Options": "nosniff",
            },
        )
