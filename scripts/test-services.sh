#!/usr/bin/env bash
# What the tests need besides Python, installed from Debian's packages and started when missing:
# nmap and openssl (netscan), Chromium and chromedriver (the report opened in a browser), a Java 17
# runtime (the Spark engine in local mode), PostgreSQL and MariaDB on 127.0.0.1 (the result store
# and database sources) with the logins the tests use. Safe to re-run: what is there is left alone.
# Needs root or password-less sudo to install; without either it says exactly what is missing
# and exits 1. README's second command and .ci/run both call it.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo -n "$@"; }
else
  as_root() { return 1; }
fi
can_install() { as_root true 2>/dev/null; }

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
# A ping succeeds even when access is denied: log in as the test user instead.
mysql_ready() { mariadb --protocol=tcp -h 127.0.0.1 -u secsuite -psecsuite -e 'SELECT 1' >/dev/null 2>&1; }

missing=()
command -v nmap >/dev/null 2>&1 || missing+=("nmap (Debian package nmap): secsuite netscan and its tests")
command -v openssl >/dev/null 2>&1 || missing+=("openssl (Debian package openssl): the netscan tests' certificates")
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } ||
  missing+=("Chromium and chromedriver (Debian packages chromium chromium-driver): the report tests")
fc-list :lang=zh 2>/dev/null | grep -q . ||
  missing+=("a CJK font (Debian package fonts-noto-cjk): the PDF report's Chinese text")
command -v java >/dev/null 2>&1 || missing+=("Java 17+ (Debian package openjdk-17-jre-headless): the Spark engine's tests")
pg_ready || missing+=("PostgreSQL on 127.0.0.1:5432, user postgres without password (Debian package postgresql)")
mysql_ready || missing+=("MariaDB on 127.0.0.1:3306 with user secsuite/secsuite (Debian packages mariadb-server mariadb-client)")

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! can_install; then
  echo "测试所需的服务缺失 (the tests need what this machine lacks); install as root, or run this script with sudo:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v nmap >/dev/null 2>&1 || apt_install nmap
command -v openssl >/dev/null 2>&1 || apt_install openssl
{ [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || apt_install chromium chromium-driver
# A CJK font, so the PDF report Chromium prints has its Chinese text (not tofu boxes).
fc-list :lang=zh 2>/dev/null | grep -q . || apt_install fonts-noto-cjk
command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless

if ! pg_ready; then
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql
  version=$(ls /etc/postgresql | sort -n | tail -n1)
  hba=/etc/postgresql/$version/main/pg_hba.conf
  # Tests connect as postgres without a password, on loopback only.
  as_root grep -q "^host all all 127.0.0.1/32 trust" "$hba" || as_root sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root pg_ctlcluster "$version" main restart
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
fi

if ! mysql_ready; then
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server mariadb-client
  if ! as_root mariadb-admin ping >/dev/null 2>&1; then
    as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    for _ in $(seq 1 30); do as_root mariadb-admin ping >/dev/null 2>&1 && break; sleep 1; done
  fi
  as_root mariadb -u root <<'SQL'
CREATE USER IF NOT EXISTS 'secsuite'@'127.0.0.1' IDENTIFIED BY 'secsuite';
CREATE USER IF NOT EXISTS 'secsuite'@'localhost' IDENTIFIED BY 'secsuite';
GRANT ALL PRIVILEGES ON *.* TO 'secsuite'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'secsuite'@'localhost';
FLUSH PRIVILEGES;
SQL
fi

failed=()
pg_ready || failed+=("PostgreSQL did not start on 127.0.0.1:5432")
mysql_ready || failed+=("MariaDB did not accept the secsuite login on 127.0.0.1:3306")
if [ ${#failed[@]} -ne 0 ]; then
  printf '错误 (error): %s\n' "${failed[@]}" >&2
  exit 1
fi
