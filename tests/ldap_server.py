"""A throwaway OpenLDAP server (Debian's slapd) on 127.0.0.1 for the directory tests.

It runs from a temporary folder: a slapd.conf with the core, cosine, inetorgperson
and nis schemas, an mdb database and the memberOf overlay; people and groups are
seeded with ldapadd, changed with ldapmodify, and the server can be stopped and
started again on the same port (the directory going down and coming back).
"""
from __future__ import annotations

import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.system_packages import tool

SUFFIX = "dc=bimeh,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret"
SERVICE_DN = f"cn=bimeh-bot,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "service-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
WELFARE_GROUP = f"cn=welfare-experts,{GROUPS}"
INSURANCE_GROUP = f"cn=insurance-experts,{GROUPS}"
STAFF_GROUP = f"cn=all-staff,{GROUPS}"  # maps to no role

SCHEMAS = ("core", "cosine", "inetorgperson", "nis")
MODULE_DIRS = ("/usr/lib/ldap", "/usr/lib/x86_64-linux-gnu/ldap", "/usr/lib64/openldap", "/usr/lib/openldap")


def person(uid: str, name: str, password: str, mobile: str = "", unit: str = "", disabled: bool = False) -> str:
    lines = [
        f"dn: uid={uid},{PEOPLE}",
        "objectClass: inetOrgPerson",
        f"uid: {uid}",
        f"cn: {name}",
        f"sn: {name.split()[-1]}",
        f"displayName: {name}",
        f"userPassword: {password}",
        f"mail: {uid}@bimeh.test",
    ]
    if mobile:
        lines.append(f"mobile: {mobile}")
    if unit:
        lines.append(f"departmentNumber: {unit}")
    if disabled:
        lines.append("description: disabled")
    return "\n".join(lines) + "\n"


def group(dn: str, members: list[str]) -> str:
    cn = dn.split(",", 1)[0].split("=", 1)[1]
    lines = [f"dn: {dn}", "objectClass: groupOfNames", f"cn: {cn}"]
    lines += [f"member: uid={m},{PEOPLE}" for m in members] or [f"member: {ADMIN_DN}"]
    return "\n".join(lines) + "\n"


SEED = "\n".join([
    f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: bimeh\no: Bimeh Test\n",
    f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n",
    f"dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n",
    f"dn: ou=services,{SUFFIX}\nobjectClass: organizationalUnit\nou: services\n",
    f"dn: {SERVICE_DN}\nobjectClass: person\nobjectClass: simpleSecurityObject\ncn: bimeh-bot\nsn: bot\n"
    f"userPassword: {SERVICE_PASSWORD}\n",
    person("neda", "ندا کاظمی", "neda-pass-1", mobile="09121112233", unit="معاونت درمان"),
    person("kamran", "کامران صالحی", "kamran-pass-1", mobile="09351234567", unit="Unknown Department"),
    person("parisa", "پریسا نوری", "parisa-pass-1"),
    person("hamid", "حمید رفاهی", "hamid-pass-1"),
    person("olga", "الگا قفل", "olga-pass-1"),
    person("ghost", "حساب بسته", "ghost-pass-1", disabled=True),
    group(WELFARE_GROUP, ["hamid", "parisa"]),
    group(INSURANCE_GROUP, ["parisa"]),
    group(STAFF_GROUP, ["neda", "kamran", "parisa", "hamid"]),
])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _module_dir() -> str:
    for candidate in MODULE_DIRS:
        if Path(candidate, "back_mdb.so").exists() or Path(candidate, "back_mdb.la").exists():
            return candidate
    raise RuntimeError("slapd modules (back_mdb) not found; install Debian's slapd")


@dataclass
class LdapServer:
    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        (self.root / "db").mkdir(parents=True, exist_ok=True)
        includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
        conf = self.root / "slapd.conf"
        conf.write_text(f"""{includes}
modulepath {_module_dir()}
moduleload back_mdb
moduleload memberof
pidfile {self.root}/slapd.pid
argsfile {self.root}/slapd.args

database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ADMIN_DN}"
rootpw {ADMIN_PASSWORD}
directory {self.root}/db
index objectClass eq
index uid eq
index member eq

overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint true

access to attrs=userPassword
    by anonymous auth
    by * none
access to *
    by users read
    by * none
""", encoding="utf-8")
        return conf

    def start(self) -> None:
        conf = self.root / "slapd.conf"
        if not conf.exists():
            self.write_config()
        args = [tool("slapd") or "slapd", "-d", "0", "-h", f"{self.url}/", "-f", str(conf)]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("slapd did not start: " + self.process.stderr.read().decode(errors="replace")[-2000:])
            if self._answers():
                return
            time.sleep(0.05)
        raise RuntimeError("slapd did not answer within 15 s")

    def _answers(self) -> bool:
        result = subprocess.run(
            ["ldapsearch", "-x", "-H", self.url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD, "-b", "", "-s", "base",
             "(objectClass=*)", "1.1"],
            capture_output=True,
        )
        return result.returncode == 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def ldif(self, tool: str, text: str) -> None:
        result = subprocess.run(
            [tool, "-x", "-H", self.url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=text.encode(), capture_output=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed: {result.stderr.decode(errors='replace')}")

    def add(self, text: str) -> None:
        self.ldif("ldapadd", text)

    def modify(self, text: str) -> None:
        self.ldif("ldapmodify", text)

    def seed(self) -> None:
        self.add(SEED)
