"""Uploads of the XLSX templates units fill in: the systems inventory (read by ``secsuite check``),
the incident register (``secsuite incidents``) and the score sheet (``secsuite evaluate``).

An upload is read by the command's own reader, so a wrong template or a bad row gets the same
Chinese-first error, with sheet, row and field, as on the command line; any error, or a row of a
unit the uploader may not upload for, records nothing. A clean file then runs through the same
use case as the command (``secsuite/app/``), recorded as a web run of the signed-in user. The bytes
live in a temporary file only while that runs. Every attempt is in the audit log with the file's
SHA-256 and its name masked where it validates as an identifier.

Who: a unit's staff for their own unit, the auditor for any unit, an evaluator score sheets of the
units assigned; the administrators (三员) never, since the files are business data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Protocol
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from fastapi.routing import APIRoute
from sqlalchemy import select
from sqlalchemy.orm import Session

from secsuite.app.check import CheckJob, check
from secsuite.app.evaluate import EvaluateJob, evaluate
from secsuite.app.incidents import IncidentsJob, assess_incidents
from secsuite.app.run import NAMED_INPUT, Provenance
from secsuite.classify.guide import load_guide
from secsuite.errors import InputError, InputErrors
from secsuite.evaluate.engine import rubrics_for
from secsuite.evaluate.score_template import scores_template
from secsuite.inventory.incidents import load_incidents
from secsuite.inventory.scores import load_scores
from secsuite.inventory.systems import load_systems
from secsuite.inventory.template import Template, build_workbook, inventory_template, write_template
from secsuite.inventory.units import Unit, parse_unit_type
from secsuite.redact import mask_sensitive
from secsuite.store.access import UnitRecord
from secsuite.store.models import EvaluationRecord
from secsuite.web import views
from secsuite.web.deps import Business, Db, now, visible_unit
from secsuite.web.lang import request_lang
from secsuite.web.render import page
from secsuite.web.sessions import Principal

MAX_BYTES_ENV = "SECSUITE_UPLOAD_MAX_BYTES"
DEFAULT_MAX_BYTES = 16 << 20  # a filled template is well under 1 MB; the readers bound what it inflates to
# What browsers send for .xlsx: its own type, or a generic one where the system does not know it.
XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream",
              "application/vnd.ms-excel")
UNIT_FIELD = "单位名称 (unit)"
UNITS_FILE = "units.xlsx"  # beside the upload: the units list of an evaluation, written from the store


@dataclass(frozen=True)
class Kind:
    """One template: who may upload it and the command whose reader and use case take it."""

    command: str
    roles: frozenset[str]
    file_name: str  # the blank template's name, as ``secsuite template`` writes it


STAFF = frozenset({"auditor", "unit_admin", "unit_user"})
KINDS = {
    "systems": Kind("check", STAFF, "信息系统台账.xlsx"),
    "incidents": Kind("incidents", STAFF, "安全事件台账.xlsx"),
    "scores": Kind("evaluate", STAFF | {"evaluator"}, "指标评分表.xlsx"),
}


def max_bytes() -> int:
    """The size limit of one upload request, from ``$SECSUITE_UPLOAD_MAX_BYTES``."""
    given = os.environ.get(MAX_BYTES_ENV, "").strip()
    return int(given) if given.isdigit() else DEFAULT_MAX_BYTES


class _SizeLimited(APIRoute):
    """Refuses an oversized body before anything reads it: the CSRF check would otherwise parse
    (and spool to disk) the whole multipart form first. Browsers always send Content-Length for a
    form; the server refuses a body longer than it says."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def limited(request: Request) -> Response:
            if request.method == "POST":
                length = request.headers.get("content-length", "")
                if not length.isdigit():
                    raise HTTPException(411, "Content-Length required")
                if int(length) > max_bytes():
                    raise HTTPException(413, f"upload larger than {max_bytes():,} bytes")
            return await handler(request)

        return limited


router = APIRouter(include_in_schema=False, route_class=_SizeLimited)


class _Row(Protocol):
    unit: str
    source: str
    row: int


def _read(kind: str, path: Path) -> tuple[Sequence[_Row], list[InputError]]:
    """The rows and the errors of the command's own reader (a file it cannot read at all is one error)."""
    try:
        if kind == "systems":
            inventory = load_systems([path], load_guide(None))
            return inventory.systems, inventory.errors
        return load_incidents(path) if kind == "incidents" else load_scores(path)
    except InputError as error:
        return [], [error]


def _outside(rows: Sequence[_Row], allowed: dict[str, UnitRecord]) -> list[InputError]:
    """Rows of a unit the upload is not for: refused as an input error, the same whether the unit
    exists or not, so nothing tells which other units there are."""
    return [InputError(row.source, "单位不在本次上传的范围内 (unit outside this upload)", row=row.row,
                       field=UNIT_FIELD, expected="本次上传所选的单位 (the unit the upload is for)")
            for row in rows if row.unit not in allowed]


def _units_file(rows: Sequence[_Row], allowed: dict[str, UnitRecord], path: Path) -> list[InputError]:
    """The units list of an evaluation, written from the store's units (type and tier) for the
    units the score sheet names; a unit whose type is not known is an error on its first row."""
    first: dict[str, _Row] = {}
    for row in rows:
        first.setdefault(row.unit, row)
    errors = [InputError(row.source, "单位类型未登记，请先导入单位名单 (the unit's type is not known: import the units list)",
                         row=row.row, field=UNIT_FIELD, expected="县区|功能区|市级部门 (county|functional_area|department)")
              for name, row in first.items() if parse_unit_type(allowed[name].unit_type) is None]
    if not errors:
        listed = tuple({"unit": name, "unit_type": allowed[name].unit_type, "tier": allowed[name].tier} for name in first)
        write_template(replace(inventory_template("units"), rows=listed), path)
    return errors


def _year(text: str, required: bool) -> int | None:
    """The year of the form: four digits, or nothing when the kind takes every year."""
    if not text.strip() and not required:
        return None
    year = int(text)
    if not 2000 <= year <= 2100:
        raise ValueError(text)
    return year


def _year_end(year: int, today: dt.date) -> dt.date:
    """The as-of date of a yearly run: today, or the year's last day once the year is over."""
    return min(today, dt.date(year, 12, 31))


@dataclass
class _Upload:
    kind: str
    path: Path
    scope: str  # what the upload stands for in the run: web:upload/KIND/UNIT
    year: int | None


def _run(request: Request, principal: Principal, upload: _Upload, rows: Sequence[_Row],
         allowed: dict[str, UnitRecord]) -> tuple[int | None, list[InputError]]:
    """Run the command's use case on the upload, recorded under the signed-in user; the run's id,
    or the errors that stopped it (nothing recorded then)."""
    today = now(request).date()
    common: dict[str, Any] = {
        "lang": request_lang(request),
        "store_url": request.app.state.engine.url.render_as_string(hide_password=False),
        "engine": request.app.state.engine,
        "provenance": Provenance("web", principal.username),
        "named_inputs": {upload.path: upload.scope},
    }
    if upload.kind == "systems":
        return check(CheckJob(paths=[upload.path], as_of=today, **common)).run_id, []
    if upload.kind == "incidents":
        as_of = _year_end(upload.year, today) if upload.year else today
        return assess_incidents(IncidentsJob(path=upload.path, as_of=as_of, year=upload.year, **common)).run_id, []
    assert upload.year is not None
    units_path = upload.path.with_name(UNITS_FILE)
    errors = _units_file(rows, allowed, units_path)
    if errors:
        return None, errors
    common["named_inputs"] |= {units_path: upload.scope.replace("/scores/", "/units/", 1)}
    try:
        outcome = evaluate(EvaluateJob(year=upload.year, units=units_path, scores=upload.path,
                                       as_of=_year_end(upload.year, today), **common))
    except InputErrors as stopped:
        return None, stopped.errors
    return outcome.run_id, []


def _allowed(session: Session, principal: Principal, unit: str) -> dict[str, UnitRecord]:
    """The units an upload may hold rows of: the one chosen (404 if not visible), else all visible."""
    chosen = [visible_unit(unit, session, principal)] if unit else views.visible_units(session, principal)
    return {record.name: record for record in chosen}


def _may(principal: Principal, kind: str) -> Kind:
    spec = KINDS.get(kind)
    if spec is None:
        raise HTTPException(404, "no such template")
    if not principal.roles & spec.roles:
        raise HTTPException(403, "no role that uploads this template")
    return spec


def _form(request: Request, session: Session, principal: Principal, status_code: int = 200,
          **values: Any) -> Response:
    kinds = [kind for kind, spec in KINDS.items() if principal.roles & spec.roles]
    if not kinds:
        raise HTTPException(403, "no role that uploads templates")
    shown = {"errors": [], "refused": None, "done": None, "vetoes": [], "file_name": None} | values
    return page(request, "uploads.html.j2", status_code=status_code, kinds=kinds,
                units=views.visible_units(session, principal), default_year=now(request).year - 1, **shown)


@router.get("/uploads")
def upload_form(request: Request, principal: Business, session: Db) -> Response:
    return _form(request, session, principal)


@router.get("/uploads/templates/{kind}.xlsx")
def blank_template(kind: str, request: Request, principal: Business, session: Db) -> Response:
    """The blank template ``secsuite template KIND`` writes; the score sheet lists the visible units
    of a known type with their rubric's indicators, as ``template scores --units`` does."""
    spec = _may(principal, kind)
    template: Template
    if kind == "scores":
        units = [Unit(unit=u.name, unit_type=u.unit_type, tier=u.tier, source="units", row=n)  # type: ignore[arg-type]
                 for n, u in enumerate(views.visible_units(session, principal), start=2)
                 if parse_unit_type(u.unit_type) is not None]
        template = scores_template(units, rubrics_for(units, []))
    else:
        template = inventory_template(kind)
    request.app.state.audit.record(session, principal.actor, "download", object=f"template/{kind}", at=now(request))
    session.commit()
    disposition = f"attachment; filename=\"{kind}.xlsx\"; filename*=UTF-8''{quote(spec.file_name)}"
    return Response(build_workbook(template), media_type=XLSX_TYPES[0], headers={"content-disposition": disposition})


@router.post("/uploads/{kind}")
def upload(kind: str, request: Request, principal: Business, session: Db, file: UploadFile,
           unit: Annotated[str, Form()] = "", year: Annotated[str, Form()] = "") -> Response:
    _may(principal, kind)
    name = mask_sensitive(Path(file.filename or "").name)[:200] or "—"
    audit: dict[str, Any] = {"kind": kind, "file": name}
    unit_name = unit.strip() or None

    def audited(outcome: str, **detail: Any) -> None:
        request.app.state.audit.record(session, principal.actor, "upload", outcome=outcome, object=name,
                                       unit=unit_name, detail=audit | detail, at=now(request))
        session.commit()

    def refuse(status: int, message: str) -> Response:
        audited("refused", reason=message)
        return _form(request, session, principal, status_code=status, refused=message)

    try:
        allowed = _allowed(session, principal, unit.strip())
    except HTTPException:  # another unit's upload: audited, then the same 404 as for no such unit
        audited("refused", reason="unit not visible")
        raise
    unit_name = next(iter(allowed)) if len(allowed) == 1 else None  # the unit chosen, or a user's only one
    if Path(file.filename or "").suffix.lower() != ".xlsx" or (file.content_type or XLSX_TYPES[1]) not in XLSX_TYPES:
        return refuse(415, "只接受 XLSX 模板文件 (only XLSX templates are accepted)")
    try:
        chosen_year = _year(year, required=kind == "scores")
    except ValueError:
        return refuse(400, "年度应为四位年份 (year: four digits, e.g. 2025)")
    with tempfile.TemporaryDirectory(prefix="secsuite-upload-") as folder:
        path = Path(folder) / f"{kind}.xlsx"
        digest, size = hashlib.sha256(), 0
        with path.open("wb") as handle:
            while chunk := file.file.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                handle.write(chunk)
        audit |= {"sha256": digest.hexdigest(), "bytes": size}
        if size > max_bytes():
            return refuse(413, f"文件超过 {max_bytes():,} 字节 (file larger than the limit)")
        rows, errors = _read(kind, path)
        errors += _outside(rows, allowed)
        if not rows and not errors:
            title = Path(KINDS[kind].file_name).stem
            errors = [InputError(str(path), f"没有读到{title}的数据行 (no rows of this template)",
                                 expected=f"{title}模板，至少填写一行 (the template, one row filled at least)")]
        scope = f"{NAMED_INPUT}upload/{kind}/{unit_name or '*'}"
        run_id, stopped = (None, []) if errors else _run(request, principal, _Upload(kind, path, scope, chosen_year),
                                                         rows, allowed)
        errors += stopped
        shown = [_shown(error, {str(path): name, str(path.with_name(UNITS_FILE)): "单位名单 (units)"}) for error in errors]
    if errors:
        audited("failure", errors=len(errors))
        return _form(request, session, principal, status_code=400, errors=shown, file_name=name)
    audited("success", run_id=run_id)
    vetoes = list(session.scalars(select(EvaluationRecord).where(
        EvaluationRecord.run_id == run_id, EvaluationRecord.vetoed.is_(True)))) if kind == "scores" else []
    return _form(request, session, principal, done={"kind": kind, "run_id": run_id, "units": sorted(
        {row.unit for row in rows}), "rows": len(rows)}, vetoes=vetoes, file_name=name)


def _shown(error: InputError, names: dict[str, str]) -> InputError:
    """The reader's error as the page shows it: a temporary file named by what it stands for."""
    return replace(error, source=names.get(error.source, error.source))
