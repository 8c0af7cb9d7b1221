"""The separation of duties (三员分立) in grants: administrators alone and on no unit, business roles
on a unit unless they may cover every unit."""

from __future__ import annotations

import pytest

from secsuite.web.roles import Grant, GrantError, check_grant

G = Grant
CASES = [
    ([], G("sys_admin", None), None),
    ([], G("sec_admin", "市民政局"), "granted on no unit"),
    ([G("sec_admin", None)], G("audit_admin", None), "held alone"),
    ([G("auditor", None)], G("sys_admin", None), "held alone"),
    ([G("audit_admin", None)], G("auditor", None), "cannot also hold"),
    ([], G("auditor", None), None),
    ([], G("operator", None), None),
    ([], G("unit_user", None), "needs --unit"),
    ([], G("evaluator", None), "needs --unit"),
    ([G("unit_user", "市民政局")], G("unit_user", "市公安局"), None),
    ([G("unit_user", "市民政局")], G("unit_user", "市民政局"), "already holds"),
    ([G("unit_user", "市民政局")], G("evaluator", "宿城区"), None),
    ([], G("root", None), "unknown role"),
]


@pytest.mark.parametrize(("existing", "new", "refused"), CASES)
def test_grants(existing, new, refused):
    if refused is None:
        check_grant(existing, new)
    else:
        with pytest.raises(GrantError, match=refused):
            check_grant(existing, new)
