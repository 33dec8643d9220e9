"""Signals core sends so that the floors above can act without core importing them.

`access_refused`: a view or a scoped lookup refused a person. The access log (audit app)
records it; core itself knows nothing of the log. Arguments: `actor` (a user or None),
`object_type`, `object_id`, `purpose`, `request` (or None).
"""

from __future__ import annotations

from django.dispatch import Signal

access_refused = Signal()

changed_in_admin = Signal()
"""`changed_in_admin`: someone added, changed or deleted a record on the admin site
(`core.admin.AuditedAdmin`). The access log records it. Arguments: `actor`, `action`
("create", "change" or "delete"), `obj`, `fields` (the names of the changed fields),
`request`."""
