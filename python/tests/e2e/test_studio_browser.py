"""`ppy studio` in a real browser: headless Debian Chromium (/usr/bin/chromium,
installed by scripts/chromium-up.sh) driven by Playwright for Python, on every
provider of the e2e suite. The studio is the installed `ppy studio` on a
project pushed and seeded with the generated client; what the page saves is
checked with that client, so the page and the client see the same rows.

Scenarios: the sidebar with counts and docs, paging, sorting, the filter
builder and the Python/SQL panel, URL state surviving a reload, following a
relation both ways, create/edit/delete saved together, a failing save that
changes nothing, per-type editors (BigInt and Decimal exact, Json validated),
and the guards (no token, a rebinding Host). Screenshots go to
build/studio-shots/. Ctrl-C (SIGINT) and SIGTERM must stop the server.

Skipped only when Chromium or Playwright is missing outside CI; with CI set
they fail instead, so CI cannot pass without running them."""
from __future__ import annotations

import concurrent.futures
import decimal
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA_FILE = os.path.join(HERE, "studio.prisma")  # read by conftest's project fixture
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SHOTS = os.path.join(REPO, "build", "studio-shots")
CHROMIUM = os.environ.get("CASPIAN_CHROMIUM", "/usr/bin/chromium")


def _need(ok: bool, reason: str) -> None:
    if not ok:
        if os.environ.get("CI") or os.environ.get("CASPIAN_REQUIRE_BROWSER"):
            pytest.fail(reason + " (CI must run the browser tests: scripts/chromium-up.sh and make install provide them)")
        pytest.skip(reason)


try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - reported by _need
    sync_playwright = None


@pytest.fixture(scope="module")
def studio(project):
    """The project seeded, then `ppy studio` serving it: (base URL, token)."""
    _need(sync_playwright is not None, "playwright is not installed (make install adds it)")
    _need(os.access(CHROMIUM, os.X_OK), f"{CHROMIUM} is missing (bash scripts/chromium-up.sh installs it, as root)")
    prisma = project.prisma

    async def seed():
        await prisma.user.create_many(data=[
            {"email": f"user{i:02d}@example.com", "name": f"User {i:02d}" if i % 4 else None, "loginCount": i}
            for i in range(1, 26)])
        users = await prisma.user.find_many(order_by={"email": "asc"}, take=3)
        for i, u in enumerate(users):
            for j in range(i + 1):
                await prisma.post.create(data={"title": f"Post {i}.{j}", "authorId": u.id})
        await prisma.sample.create(data={"big": 9007199254740993, "data": {"a": 1}})
    project.run(seed())
    proc, url = start_studio(project)
    base, token = url.split("/?token=")
    yield base, token
    code, out = stop_studio(proc, signal.SIGINT)
    assert code == 130 and "Prisma Studio stopped." in out, (code, out)


@pytest.fixture(scope="module")
def browser(studio):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser, studio, project):
    base, token = studio
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_default_timeout(10_000)
    pg.studio_url = f"{base}/?token={token}"  # type: ignore[attr-defined]
    pg.shot = lambda name: (os.makedirs(SHOTS, exist_ok=True),  # type: ignore[attr-defined]
                            pg.screenshot(path=os.path.join(SHOTS, f"{project.provider}-{name}.png"), full_page=True))
    yield pg
    ctx.close()
    assert not errors, errors


def start_studio(project) -> tuple[subprocess.Popen, str]:
    """`ppy studio` on the project (a free port, no browser): the process and
    the URL it printed."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BROWSER")}
    proc = subprocess.Popen([shutil.which("ppy"), "studio", "--port", "0", "--browser", "none"], cwd=project.path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        m = re.search(r"Prisma Studio is running at: (\S+)", line)
        if m:
            return proc, m.group(1)
    proc.kill()
    pytest.fail(f"ppy studio did not start: {proc.stdout.read()} {proc.stderr.read()}")


def stop_studio(proc: subprocess.Popen, sig: int) -> tuple[int, str]:
    """Sends sig to `ppy studio` and returns its exit code and the rest of its output."""
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"ppy studio did not stop on signal {sig}")
    return code, proc.stdout.read()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_stops_on_signal(project, sig):
    """Ctrl-C in the terminal (SIGINT) or SIGTERM reaches the server although
    Python is inside a ctypes call into the engine: it stops, port freed."""
    proc, url = start_studio(project)
    code, out = stop_studio(proc, sig)
    assert code == 130 and "Prisma Studio stopped." in out, (code, out)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url.split("/?")[0] + "/", timeout=5)


def db(project, coro):
    """Runs a client call on the project's loop in another thread: Playwright's
    sync API keeps an event loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as ex:
        return ex.submit(project.run, coro).result()


async def run_python_call(prisma, call: str):
    """Awaits the Python panel's text, `await prisma.<model>.find_many(...)`, as an app would."""
    scope: dict = {}
    exec("async def _call(prisma):\n    return " + call.replace("\n", "\n    "), scope)
    return await scope["_call"](prisma)


def open_model(pg, name: str, hash_: str = "") -> None:
    pg.goto(pg.studio_url + (hash_ or ""))
    if not hash_:  # a hash names the view itself
        pg.get_by_test_id(f"model-{name}").click()
    expect(pg.get_by_test_id("title")).to_have_text(name)
    expect(pg.get_by_test_id("grid")).to_be_visible()


def cell(pg, row: int, field: str):
    return pg.get_by_test_id("row").nth(row).locator(f'td[data-field="{field}"]')


def edit(pg, row: int, field: str, text: str) -> None:
    cell(pg, row, field).click()
    pg.get_by_test_id("editor").fill(text)
    pg.get_by_test_id("editor-ok").click()


def edit_after_refusal(pg, row: int, field: str, bad: str, message: str, good: str) -> None:
    """Types bad into the cell's editor, which must refuse it with message
    and stay open, then good."""
    cell(pg, row, field).click()
    pg.get_by_test_id("editor").fill(bad)
    pg.get_by_test_id("editor-ok").click()
    expect(pg.get_by_test_id("editor-error")).to_contain_text(message)
    pg.get_by_test_id("editor").fill(good)
    pg.get_by_test_id("editor-ok").click()


@pytest.mark.browser
def test_sidebar_paging_sort_and_url_state(page, project):
    open_model(page, "User")
    side = page.get_by_test_id("model-User")
    expect(side.get_by_test_id("count")).to_have_text("25")
    assert side.get_attribute("title") == "A person who signs in."
    expect(page.get_by_test_id("range")).to_have_text("1–25 of 25")
    page.get_by_test_id("page-size").select_option("10")
    expect(page.get_by_test_id("range")).to_have_text("1–10 of 25")
    page.get_by_test_id("next").click()
    expect(page.get_by_test_id("range")).to_have_text("11–20 of 25")
    page.get_by_test_id("last").click()
    expect(page.get_by_test_id("range")).to_have_text("21–25 of 25")
    page.get_by_test_id("first").click()
    page.get_by_test_id("col-loginCount").click()  # ascending
    page.get_by_test_id("col-loginCount").click()  # descending
    expect(cell(page, 0, "loginCount")).to_have_text("25")
    expect(page.get_by_test_id("python")).to_contain_text("order_by=[{'loginCount': 'desc'}]")
    # Shift+click adds a second key: name first (NULLs by the database's rule), then loginCount.
    page.get_by_test_id("col-name").click()
    page.get_by_test_id("col-loginCount").click(modifiers=["Shift"])
    expect(page.get_by_test_id("python")).to_contain_text("order_by=[{'name': 'asc'}, {'loginCount': 'asc'}]")
    page.get_by_test_id("col-loginCount").click()  # a plain click: that column alone, next direction
    expect(page.get_by_test_id("python")).to_contain_text("order_by=[{'loginCount': 'desc'}]")
    page.shot("users")
    # The URL keeps the view: a reload shows the same page.
    page.reload()
    expect(page.get_by_test_id("range")).to_have_text("1–10 of 25")
    expect(cell(page, 0, "loginCount")).to_have_text("25")
    # A bookmark of a model that is gone says so.
    page.goto(page.studio_url + "#model=Gone")
    expect(page.get_by_test_id("no-model")).to_contain_text("No model Gone")


@pytest.mark.browser
def test_filter_builder_and_python_panel(page, project):
    open_model(page, "User")
    page.get_by_test_id("toggle-filters").click()
    page.get_by_test_id("add-cond").click()
    page.get_by_test_id("cond-field").select_option("email")
    page.get_by_test_id("cond-op").select_option("startsWith")
    page.get_by_test_id("cond-value").fill("USER1")
    page.locator(".cond .mode input").check()  # mode: 'insensitive'
    page.get_by_test_id("add-cond").click()
    page.get_by_test_id("cond-field").nth(1).select_option("loginCount")
    page.get_by_test_id("cond-op").nth(1).select_option("gte")
    page.get_by_test_id("cond-value").nth(1).fill("15")
    page.get_by_test_id("apply-filters").click()
    expect(page.get_by_test_id("range")).to_have_text("1–5 of 5")  # user15..user19
    py = page.get_by_test_id("python")
    expect(py).to_contain_text("await prisma.user.find_many(")
    expect(py).to_contain_text("'startsWith': 'USER1'")
    expect(py).to_contain_text("'mode': 'insensitive'")
    expect(page.get_by_test_id("sql")).to_contain_text("SELECT")
    page.shot("filter")
    # The call is ready to paste: run with the generated client, it returns the grid's rows.
    call = page.get_by_test_id("python").inner_text()
    found = db(project, run_python_call(project.prisma, call))
    assert sorted(u.email for u in found) == [f"user{i}@example.com" for i in range(15, 20)]
    # Quick search over the text fields; "/" goes to it.
    page.locator("h1").click()
    page.keyboard.press("/")
    expect(page.get_by_test_id("search")).to_be_focused()
    page.keyboard.type("user03")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("range")).to_have_text("0–0 of 0")  # AND with the filters above


@pytest.mark.browser
def test_follow_relations(page):
    open_model(page, "Post")
    expect(page.get_by_test_id("range")).to_have_text("1–6 of 6")
    page.get_by_test_id("rel-one").first.click()  # Post.author -> its User
    expect(page.get_by_test_id("title")).to_have_text("User")
    expect(page.get_by_test_id("relation-filter")).to_be_visible()
    expect(page.get_by_test_id("range")).to_have_text("1–1 of 1")
    many = page.get_by_test_id("rel-many").first  # User.posts -> the user's posts
    expect(many).to_have_text(re.compile(r"^\d+ Post$"))
    n = int(many.inner_text().split()[0])
    many.click()
    expect(page.get_by_test_id("title")).to_have_text("Post")
    expect(page.get_by_test_id("range")).to_have_text(f"1–{n} of {n}")


@pytest.mark.browser
def test_create_edit_delete(page, project):
    prisma = project.prisma
    open_model(page, "User", "#model=User&sort=" + urllib.request.quote('[{"email":"asc"}]'))
    # Create: a new row, two fields typed, saved.
    page.get_by_test_id("add").click()
    edit(page, 0, "email", "new@example.com")
    edit(page, 0, "name", "New Person")
    # Edit an existing row in the same batch.
    edit(page, 1, "name", "Renamed")
    expect(cell(page, 1, "name")).to_have_class(re.compile("changed"))
    expect(page.get_by_test_id("save")).to_have_text("Save 2 changes")
    # The pending edits as client code: one transaction, as the save runs them.
    page.get_by_test_id("pending-python-toggle").click()
    code = page.get_by_test_id("pending-python")
    expect(code).to_contain_text("async with prisma.tx() as tx:")
    expect(code).to_contain_text("await tx.user.create(data={'email': 'new@example.com', 'name': 'New Person'})")
    expect(code).to_contain_text("await tx.user.update(where={'id': ")
    page.shot("pending")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("savebar")).to_be_hidden()
    expect(page.get_by_test_id("model-User").get_by_test_id("count")).to_have_text("26")
    created = db(project, prisma.user.find_unique(where={"email": "new@example.com"}))
    assert created is not None and created.name == "New Person" and created.id  # cuid() by the engine
    first = db(project, prisma.user.find_unique(where={"email": "new@example.com"}))
    renamed = db(project, prisma.user.find_first(where={"name": "Renamed"}))
    assert renamed is not None and renamed.email == "user01@example.com"
    # NULL, distinct from "": set through the editor's NULL button; Ctrl+S saves.
    expect(cell(page, 1, "email")).to_have_text("user01@example.com")  # the grid has reloaded
    cell(page, 1, "name").click()
    page.get_by_test_id("editor-null").click()
    page.keyboard.press("Control+s")
    expect(page.get_by_test_id("savebar")).to_be_hidden()
    assert db(project, prisma.user.find_unique(where={"id": renamed.id})).name is None
    # Delete the new one.
    row = page.get_by_test_id("row").filter(has_text="new@example.com")
    row.get_by_test_id("select").check()
    page.get_by_test_id("delete").click()
    expect(page.get_by_test_id("save")).to_have_text("Save 1 change")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("model-User").get_by_test_id("count")).to_have_text("25")
    assert db(project, prisma.user.find_unique(where={"id": first.id})) is None


@pytest.mark.browser
def test_failing_save_changes_nothing(page, project):
    prisma = project.prisma
    open_model(page, "User", "#model=User&sort=" + urllib.request.quote('[{"email":"asc"}]'))
    before = db(project, prisma.user.find_unique(where={"email": "user02@example.com"}))
    edit(page, 1, "name", "Should not stay")
    page.get_by_test_id("add").click()
    edit(page, 0, "email", "user05@example.com")  # taken: unique violation
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("save-error")).to_contain_text("P2002")
    expect(cell(page, 0, "email").get_by_test_id("field-error")).to_be_visible()
    page.shot("save-error")
    after = db(project, prisma.user.find_unique(where={"email": "user02@example.com"}))
    assert after.name == before.name
    assert db(project, prisma.user.count()) == 25
    page.get_by_test_id("discard").click()
    expect(page.get_by_test_id("savebar")).to_be_hidden()


@pytest.mark.browser
def test_connect_by_foreign_key(page, project):
    """The row editor connects a record to another by its foreign key field;
    a key naming no record fails with the engine's P2003 and saves nothing."""
    prisma = project.prisma
    target = db(project, prisma.user.find_unique(where={"email": "user10@example.com"}))
    open_model(page, "Post", "#model=Post&sort=" + urllib.request.quote('[{"id":"asc"}]'))
    post = db(project, prisma.post.find_first(order_by={"id": "asc"}))
    edit(page, 0, "authorId", "no-such-user")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("save-error")).to_contain_text("P2003")
    assert db(project, prisma.post.find_unique(where={"id": post.id})).authorId == post.authorId
    page.get_by_test_id("discard").click()
    edit(page, 0, "authorId", target.id)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("savebar")).to_be_hidden()
    expect(page.get_by_test_id("rel-one").first).to_have_text(f"→ User {target.email}")  # named by its email
    assert db(project, prisma.post.find_unique(where={"id": post.id})).authorId == target.id


@pytest.mark.browser
def test_type_editors(page, project):
    open_model(page, "Sample")
    expect(cell(page, 0, "big")).to_have_text("9007199254740993")  # no float rounding
    edit(page, 0, "big", "9223372036854775807")
    edit(page, 0, "amount", "1234.5678")
    edit_after_refusal(page, 0, "data", "{not json", "invalid JSON", '{"b": [1, 2]}')
    cell(page, 0, "status").click()
    page.get_by_test_id("editor").select_option("completed")
    edit(page, 0, "at", "2024-02-29T12:34:56.789")
    edit_after_refusal(page, 0, "blob", "not base64!", "base64", "aGVsbG8=")
    expect(cell(page, 0, "blob")).to_contain_text("5 bytes")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("savebar")).to_be_hidden()
    s = db(project, project.prisma.sample.find_first())
    assert s.big == 9223372036854775807 and decimal.Decimal(str(s.amount)) == decimal.Decimal("1234.5678")
    assert s.data == {"b": [1, 2]} and s.status == "completed"
    assert s.at.isoformat().startswith("2024-02-29T12:34:56.789") and s.blob == b"hello"
    expect(cell(page, 0, "at")).to_have_text("2024-02-29 12:34:56.789 UTC")


@pytest.mark.browser
def test_schema_diagram(page):
    page.goto(page.studio_url)
    page.get_by_test_id("diagram").click()
    expect(page.get_by_test_id("erd-model")).to_have_count(3)
    expect(page.get_by_test_id("erd-edge")).to_have_count(1)  # Post.author -> User
    expect(page.get_by_test_id("erd-edge")).to_contain_text("n:1")
    page.shot("diagram")
    page.reload()  # the URL keeps the view
    expect(page.get_by_test_id("erd-model")).to_have_count(3)
    page.get_by_test_id("erd-model").filter(has_text="Sample").click()
    expect(page.get_by_test_id("title")).to_have_text("Sample")


@pytest.mark.browser
def test_sql_console(page, project):
    q = "`" if project.provider == "mysql" else '"'
    db(project, project.prisma.sample.update_many(data={"status": "completed"}))
    page.goto(page.studio_url)
    page.get_by_test_id("console").click()
    page.get_by_test_id("sql-run").click()  # the first model's first rows
    expect(page.get_by_test_id("sql-result")).to_be_visible()
    page.get_by_test_id("sql-input").fill(f"SELECT COUNT(*) AS n FROM {q}User{q}")
    page.get_by_test_id("sql-run").click()
    expect(page.get_by_test_id("sql-result").locator("td")).to_have_text("25")
    expect(page.get_by_test_id("sql-python")).to_contain_text("await prisma.query_raw(")
    page.shot("console")
    # Read-only until the switch: a write is refused and changes nothing.
    page.get_by_test_id("sql-input").fill(f"UPDATE {q}Sample{q} SET {q}status{q} = 'pending'")
    page.get_by_test_id("sql-run").click()
    expect(page.get_by_test_id("sql-error")).to_contain_text("read-only")
    assert db(project, project.prisma.sample.count(where={"status": "pending"})) == 0
    page.get_by_test_id("sql-write").check()
    page.get_by_test_id("sql-run").click()
    expect(page.get_by_test_id("sql-affected")).to_have_text("1 row affected")
    assert db(project, project.prisma.sample.count(where={"status": "pending"})) == 1


@pytest.mark.browser
def test_guards(studio, page):
    base, token = studio

    def status(path: str, headers: dict) -> int:
        req = urllib.request.Request(base + path, headers=headers)
        try:
            return urllib.request.urlopen(req, timeout=10).status
        except urllib.error.HTTPError as e:
            return e.code

    assert status("/api/models", {}) == 403
    assert status("/api/models", {"X-Studio-Token": "0" * 32}) == 403
    assert status("/api/models", {"X-Studio-Token": token}) == 200
    assert status("/api/models", {"X-Studio-Token": token, "Host": "rebind.example:51212"}) == 403
    assert status("/api/models", {"X-Studio-Token": token, "Origin": "http://evil.example"}) == 403
    # The page without the token says how to get in, and shows no data.
    page.goto(base + "/")
    expect(page.get_by_test_id("fatal")).to_contain_text("token")
