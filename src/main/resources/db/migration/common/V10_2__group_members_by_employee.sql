-- Memberships looked up by employee (an employee's groups, "who holds a role through a group"): the primary
-- key leads with the group, so without this every such lookup scanned the company's memberships.
CREATE INDEX group_members_employee_ix ON group_members (tenant_id, employee_id);
