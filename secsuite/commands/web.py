"""``secsuite serve``, ``secsuite web`` and ``secsuite users``: the web application and its accounts.

``secsuite web init`` creates the three administrators (三员) with one-time passwords: no default
password exists. ``users add|reset`` read the password from stdin when stdin is not a terminal
(for scripts), else print a one-time password to change at first login.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from secsuite.commands.common import (
    ConfigOption,
    LangOption,
    StoreOption,
    chosen_lang,
    err_console,
    fail,
    store_url,
)
from secsuite.config import load_config
from secsuite.errors import ConfigError, InputError, InputErrors, StoreError, UsageError
from secsuite.report.escape import terminal, visible

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from secsuite.web.accounts import Accounts

users_app = typer.Typer(help="用户与角色 (users and role grants of the web application).", no_args_is_help=True)
web_app = typer.Typer(help="Web 应用管理 (set up the web application: administrators, units, audit log).",
                      no_args_is_help=True)
console = Console(highlight=False)

RoleOption = Annotated[str, typer.Option("--role", help="sys_admin|sec_admin|audit_admin|auditor|unit_admin|"
                                                        "unit_user|evaluator|operator")]
LOOPBACK = ("127.0.0.1", "::1", "localhost")
UnitOption = Annotated[str | None, typer.Option("--unit", help="The unit the role is granted on (name or code).")]
EmailOption = Annotated[str | None, typer.Option("--email", help="Where alerts naming the user's roles (role@unit) "
                                                                 "are sent.")]


def _engine(db: str | None, config_path: str | None) -> Engine:
    """The opened (and migrated) store; a store that cannot be opened is exit 2, without its password."""
    from secsuite.app.run import open_store

    try:
        return open_store(_url(db, config_path))
    except StoreError as error:
        raise fail(str(error)) from None


def _url(db: str | None, config_path: str | None) -> str:
    try:
        return store_url(db, load_config(config_path).db)
    except ConfigError as error:
        raise fail(str(error)) from None


@contextlib.contextmanager
def _accounts(db: str | None, config_path: str | None) -> Iterator[tuple[Accounts, Session]]:
    """An accounts session on the store, committed when the command succeeds; an AccountError
    becomes exit 2 with its message, and nothing of the failed step is kept."""
    from secsuite.store.db import session_factory
    from secsuite.web.accounts import AccountError, Accounts
    from secsuite.web.audit import CLI, AuditLog, load_key
    from secsuite.web.clock import system_clock
    from secsuite.web.units import sync_units

    engine = _engine(db, config_path)
    with session_factory(engine)() as session:
        try:
            sync_units(session)
            yield Accounts(session, AuditLog(load_key()), CLI, system_clock()), session
            session.commit()
        except AccountError as error:
            session.rollback()
            raise fail(str(error)) from None


def _password_from_stdin() -> str | None:
    """The first line of stdin when it is not a terminal (scripts); None for a one-time password."""
    if sys.stdin is None or sys.stdin.isatty():
        return None
    line = sys.stdin.readline().rstrip("\r\n")
    return line or None


def _print_issued(username: str, password: str, generated: bool) -> None:
    if generated:
        print(f"{visible(username)}\t{password}", flush=True)
        err_console.print("一次性密码仅显示一次，首次登录须修改 (one-time password, shown once; change it at first "
                          "login).", style="dim")
    else:
        console.print(f"已设置 {terminal(username)} 的密码 (password set from stdin).")


@users_app.command("add")
def users_add(username: str, role: RoleOption, unit: UnitOption = None, email: EmailOption = None,
              db: StoreOption = None, config: ConfigOption = None) -> None:
    """Add a user with one role (and unit); the password from stdin, else a one-time one printed."""
    given = _password_from_stdin()
    with _accounts(db, config) as (accounts, _):
        issued = accounts.add(username, role, unit, password=given, email=email)
    _print_issued(issued.username, issued.password, given is None)


@users_app.command("email")
def users_email(username: str, address: Annotated[str, typer.Argument(help="The e-mail address; \"\" removes it.")],
                db: StoreOption = None, config: ConfigOption = None) -> None:
    """Set the e-mail address where alerts naming the user's roles (role@unit) are sent."""
    with _accounts(db, config) as (accounts, _):
        accounts.set_email(username, address)
    console.print(f"已设置 {terminal(username)} 的邮箱 (e-mail set).")


def _grant_text(role: str, unit: str | None) -> str:
    return terminal(role) + (f" @ {terminal(unit)}" if unit else "")


@users_app.command("grant")
def users_grant(username: str, role: RoleOption, unit: UnitOption = None, db: StoreOption = None,
                config: ConfigOption = None) -> None:
    """Grant a role (on a unit); the 三员 roles are held alone and never beside a business role."""
    with _accounts(db, config) as (accounts, _):
        accounts.grant(username, role, unit)
    console.print(f"已授予 (granted) {_grant_text(role, unit)} → {terminal(username)}")


@users_app.command("revoke")
def users_revoke(username: str, role: RoleOption, unit: UnitOption = None, db: StoreOption = None,
                 config: ConfigOption = None) -> None:
    """Revoke a role; the user's sessions end at once."""
    with _accounts(db, config) as (accounts, _):
        accounts.revoke(username, role, unit)
    console.print(f"已撤销 (revoked) {_grant_text(role, unit)} ← {terminal(username)}")


@users_app.command("reset")
def users_reset(username: str, db: StoreOption = None, config: ConfigOption = None) -> None:
    """A new password (stdin, else one-time), unlocking the account and ending its sessions."""
    given = _password_from_stdin()
    with _accounts(db, config) as (accounts, _):
        issued = accounts.reset(username, password=given)
    _print_issued(issued.username, issued.password, given is None)


@users_app.command("mfa-reset")
def users_mfa_reset(username: str, db: StoreOption = None, config: ConfigOption = None) -> None:
    """Remove a user's TOTP second factor (a lost device); the user enrols again at /account."""
    with _accounts(db, config) as (accounts, _):
        accounts.reset_mfa(username)
    console.print(f"已重置 {terminal(username)} 的动态口令 (second factor removed; enrol again at /account).")


@users_app.command("disable")
def users_disable(username: str, db: StoreOption = None, config: ConfigOption = None) -> None:
    """Disable an account (kept for the audit log, never deleted); its sessions end at once."""
    with _accounts(db, config) as (accounts, _):
        accounts.disable(username)
    console.print(f"已停用 (disabled) {terminal(username)}")


@users_app.command("list")
def users_list(db: StoreOption = None, config: ConfigOption = None) -> None:
    """Every user with status and grants (never a password or hash)."""
    from sqlalchemy import select

    from secsuite.store.access import User
    from secsuite.web.accounts import describe

    with _accounts(db, config) as (_, session):
        rows = [describe(user) for user in session.scalars(select(User).order_by(User.username))]
    table = Table("用户 (user)", "邮箱 (e-mail)", "状态 (status)", "角色 (grants)", "须改密 (must change)",
                  "锁定至 (locked until)", "动态口令 (TOTP)")
    for row in rows:
        locked = row["locked_until"]
        table.add_row(terminal(row["username"]), terminal(row["email"] or ""), str(row["status"]),  # type: ignore[arg-type]
                      terminal(", ".join(row["grants"])),  # type: ignore[arg-type]
                      "是 (yes)" if row["must_change_pw"] else "", locked.strftime("%Y-%m-%d %H:%M") if locked else "",  # type: ignore[attr-defined]
                      "是 (yes)" if row["mfa"] else "")
    console.print(table)


@users_app.command("token")
def users_token(username: str, unit: UnitOption = None,
                days: Annotated[int, typer.Option("--days", min=1, max=366, help="Valid for this many days.")] = 90,
                push: Annotated[bool, typer.Option("--push", help="May also send runs (secsuite scan … --push URL).")] = False,
                db: StoreOption = None, config: ConfigOption = None) -> None:
    """Print a new API token of the user (shown once), narrowed to --unit when given."""
    with _accounts(db, config) as (accounts, _):
        token = accounts.token(username, unit, days=days, push=push)
    print(token)


@web_app.command("init")
def web_init(db: StoreOption = None, config: ConfigOption = None) -> None:
    """Create the system, security and audit administrators with one-time passwords."""
    with _accounts(db, config) as (accounts, _):
        issued = accounts.init_admins()
    for item in issued:
        print(f"{item.role}\t{item.username}\t{item.password}", flush=True)
    err_console.print("一次性密码仅显示一次，首次登录须修改 (one-time passwords, shown once; change them at first "
                      "login).", style="dim")


@web_app.command("units")
def web_units(
    units_file: Annotated[Path | None, typer.Option("--from", help="A units list (单位名单) CSV/XLSX/YAML.")] = None,
    add: Annotated[list[str] | None, typer.Option("--add", help="Add a unit by name (repeatable).")] = None,
    db: StoreOption = None, config: ConfigOption = None,
) -> None:
    """Fill the units table from the store's results and a units list, then list it."""
    from sqlalchemy import select

    from secsuite.inventory.units import load_units
    from secsuite.store.access import UnitRecord
    from secsuite.web.units import sync_units

    listed = []
    if units_file is not None:
        listed, errors = load_units(units_file)
        if errors:
            for error in errors:
                console.print(terminal(str(error)), style="red")
            raise typer.Exit(2)
    with _accounts(db, config) as (_, session):
        sync_units(session, listed, names=[name.strip() for name in add or [] if name.strip()])
        units = list(session.scalars(select(UnitRecord).order_by(UnitRecord.name)))
        table = Table("代码 (code)", "单位 (unit)", "类型 (type)", "档次 (tier)")
        for unit in units:
            table.add_row(terminal(unit.code), terminal(unit.name), unit.unit_type or "", terminal(unit.tier or ""))
    console.print(table)


@web_app.command("verify-audit")
def web_verify_audit(db: StoreOption = None, config: ConfigOption = None) -> None:
    """Check the audit log's hash chain: exit 0 when intact, 1 listing every break."""
    from sqlalchemy import func, select

    from secsuite.store.access import AuditEvent
    from secsuite.store.db import session_factory
    from secsuite.web.audit import AuditLog, load_key

    engine = _engine(db, config)
    with session_factory(engine)() as session:
        problems = AuditLog(load_key()).verify(session)
        total = session.scalar(select(func.count()).select_from(AuditEvent))
    for problem in problems:
        console.print(problem, style="red")
    if problems:
        raise typer.Exit(1)
    console.print(f"审计日志完整 (audit log intact): {total} events")


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0 picks a free one).")] = 8000,
    demo: Annotated[bool, typer.Option("--demo", help="Serve the bundled example in a temporary store.")] = False,
    db: StoreOption = None,
    config: ConfigOption = None,
    lang: LangOption = None,
) -> None:
    """Serve the web application (FastAPI on uvicorn) over the store of --db / $SECSUITE_DB."""
    import uvicorn

    from secsuite.web.app import create_app

    chosen = chosen_lang(lang, load_config(config))
    with contextlib.ExitStack() as stack:
        if demo:
            from secsuite.web.demo import prepare_demo

            try:
                prepared = prepare_demo(stack, lambda step: err_console.print(
                    f"载入示例 (loading the example): secsuite {step}", style="dim"))
            except (ConfigError, InputError, InputErrors, StoreError, UsageError) as error:
                raise fail(str(error)) from None
            engine, key, accounts = prepared.engine, prepared.key, prepared.accounts
        else:
            from secsuite.store.db import session_factory
            from secsuite.web.audit import load_key
            from secsuite.web.units import sync_units

            engine, key, accounts = _engine(db, config), load_key(), []
            with session_factory(engine).begin() as session:
                sync_units(session)
        if host not in LOOPBACK:
            err_console.print("注意：监听非回环地址，请置于 HTTPS 反向代理之后 (listening beyond loopback: serve it behind "
                              "an HTTPS reverse proxy, which also sets the Secure cookie flag).", style="yellow")
        application = create_app(engine, audit_key=key, lang=chosen)
        server = uvicorn.Server(uvicorn.Config(application, host=host, port=port, proxy_headers=True,
                                               server_header=False, log_level="warning"))
        _announce(server, host, accounts)
        server.run()


def _announce(server: object, host: str, accounts: list[tuple[str, str, str]]) -> None:
    """Print the URL once the socket listens (port 0 resolved), then the demo's one-time passwords."""
    import uvicorn

    assert isinstance(server, uvicorn.Server)
    original = server.startup

    async def startup(sockets=None) -> None:  # type: ignore[no-untyped-def]
        await original(sockets)
        for listener in server.servers:
            for sock in listener.sockets:
                bound_host, bound_port = sock.getsockname()[:2]
                shown = f"[{bound_host}]" if ":" in bound_host else bound_host
                print(f"secsuite serve: http://{shown}:{bound_port}/", flush=True)
        for role, username, password in accounts:
            print(f"{role}\t{username}\t{password}", flush=True)
        if accounts:
            err_console.print("一次性密码，首次登录须修改 (one-time passwords; change them at first login).", style="dim")
        sys.stdout.flush()

    server.startup = startup  # type: ignore[method-assign]

