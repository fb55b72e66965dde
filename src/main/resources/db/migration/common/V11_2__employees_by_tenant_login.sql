-- Employees of one company in login order: the employee list and "who can access" page through a company by login
-- (ORDER BY login LIMIT n after a cursor). PostgreSQL reads the first n rows of the company in index order instead of
-- sorting all of them (the embedded H2 keeps choosing the primary key and sorts).
CREATE INDEX employees_by_tenant_login ON employees (tenant_id, login);
