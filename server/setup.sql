-- factdesk: a newsroom's shared verdict log on PostgreSQL — the database, the roles and the grants.
--
-- Run once, as a PostgreSQL superuser (again is harmless):
--     sudo -u postgres psql -f server/setup.sql                  (database "factdesk")
--     sudo -u postgres psql -v db=desk_log -f server/setup.sql   (another name)
-- then give the owner a password and create the tables with it, once:
--     sudo -u postgres psql -c "\password factdesk_owner"
--     factdesk log sync --db postgresql://factdesk_owner@HOST/factdesk
-- and give each editor a login role (passwords: ALTER ROLE ... PASSWORD, or \password NAME):
--     CREATE ROLE ann LOGIN PASSWORD '...' IN ROLE factdesk_editor;   -- may read and add verdicts
--     CREATE ROLE desk LOGIN PASSWORD '...' IN ROLE factdesk_reader;  -- may only read
--
-- Nobody but factdesk_owner may change or delete a verdict, and triggers refuse even the owner:
-- editors are granted SELECT and INSERT only (factdesk grants them on the tables it creates).
\set ON_ERROR_STOP on
\if :{?db}
\else
\set db factdesk
\endif

SELECT 'CREATE ROLE factdesk_owner LOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factdesk_owner') \gexec
SELECT 'CREATE ROLE factdesk_editor NOLOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factdesk_editor') \gexec
SELECT 'CREATE ROLE factdesk_reader NOLOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factdesk_reader') \gexec

SELECT format('CREATE DATABASE %I OWNER factdesk_owner ENCODING ''UTF8'' TEMPLATE template0', :'db')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO factdesk_editor, factdesk_reader', :'db') \gexec

\connect :"db"
-- only the owner creates tables; editors and readers see the schema
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO factdesk_owner;
GRANT USAGE ON SCHEMA public TO factdesk_editor, factdesk_reader;
