-- Employees' roles were stored by their enum names (OWNER); they are stored by code (owner) now.
UPDATE employee_roles SET role = LOWER(role);
