#!/bin/sh
# Run once by the postgres image when it creates its data directory (docker-compose.yml mounts this folder
# as /docker-entrypoint-initdb.d): the two roles of imt/db_roles.py.  imt_owner owns the database and runs
# the migrations; imt_app, the role the app connects as, gets only the rows (granted by migrate).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner_password="$IMT_OWNER_PASSWORD" -v app_password="$IMT_APP_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE imt_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE imt_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE :"db" OWNER TO imt_owner;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO imt_app;
SQL
