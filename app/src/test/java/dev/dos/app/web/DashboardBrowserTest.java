package dev.dos.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dos.app.store.StoreSession;
import dev.dos.core.config.DosPaths;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through its ChromeDriver
 * (installed by .ci/run; nothing is downloaded at run time). Signs in with the #token= link,
 * uploads a folder through the folder picker, watches the job's progress bar reach 100%, opens the
 * new batch, downloads a file through its link and compares the bytes, and saves a screenshot to
 * target/dashboard.png (and to docs/img/dashboard.png with -Ddos.updateScreenshot=true).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Selenium warns that it has no CDP bindings for this Chromium; only the driver's own commands are used. */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");
    private static final Logger CHROMIUM_LOG = Logger.getLogger("org.openqa.selenium.chromium");

    @TempDir
    static Path home;

    static StoreSession session;
    static WebServer server;
    static AccessToken token;
    static ChromeDriver driver;
    static ChromeDriverService service;
    static Path downloads;
    static final Set<String> SEEN_JOBS = new HashSet<>();

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver; .ci/run installs them)";
            if (System.getenv("CI") != null) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        CDP_LOG.setLevel(Level.SEVERE);
        CHROMIUM_LOG.setLevel(Level.SEVERE);
        Map<String, String> env = Map.of("HOME", home.resolve("home").toString(), "DOS_PASSPHRASE", "correct horse");
        DosPaths paths = DosPaths.resolve(env, null, null);
        session = StoreSession.open(paths, env, true, () -> null);
        token = AccessToken.loadOrCreate(paths.configDir());
        server = WebServer.start(session.repository(), token, "127.0.0.1", 0);

        downloads = Files.createDirectories(home.resolve("downloads"));
        Path profile = Files.createDirectories(home.resolve("chromium-profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-features=Translate,MediaRouter",
                "--window-size=1366,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (server != null) {
            server.close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    void uploadAFolderWatchItFinishAndDownloadAFileBack() throws Exception {
        // Without the session cookie the page shows the login form and the API refuses requests.
        driver.get(server.url() + "/");
        waitUntil("the login form", () -> driver.findElement(By.id("login-view")).isDisplayed());
        assertEquals(401, fetchStatus("/api/stats", "same-origin"));

        // The printed link signs in; the token leaves the address bar at once.
        driver.get("about:blank");
        driver.get(server.url() + "/#token=" + token.value());
        waitUntil("the dashboard", () -> driver.findElement(By.id("dashboard")).isDisplayed());
        assertFalse(driver.getCurrentUrl().contains(token.value()), driver.getCurrentUrl());
        assertFalse(driver.getCurrentUrl().contains("token"), driver.getCurrentUrl());
        assertEquals(200, fetchStatus("/api/stats", "same-origin"));
        assertEquals(401, fetchStatus("/api/stats", "omit"), "a request without the cookie must be refused");
        waitUntil("the stats cards", () -> !driver.findElements(By.cssSelector("#stats [data-stat=batches]")).isEmpty());

        // Upload a folder through the folder picker (ChromeDriver accepts a directory for webkitdirectory).
        Path site = folder();
        driver.findElement(By.id("upload-name")).sendKeys("browser upload");
        driver.findElement(By.id("upload-folder")).sendKeys(site.toString());
        String jobId = waitFor("the upload's job id", () -> {
            List<WebElement> cards = driver.findElements(By.cssSelector("#transfers .transfer[data-job-id]"));
            return cards.isEmpty() ? null : cards.getFirst().getDomAttribute("data-job-id");
        });

        SEEN_JOBS.add(jobId);
        // Its progress bar (fed by the job's event stream) reaches 100% and the job succeeds.
        List<Integer> seen = new ArrayList<>();
        By row = By.cssSelector("#jobs-body tr[data-job-id='" + jobId + "']");
        waitUntil("job " + jobId + " to succeed", () -> {
            List<WebElement> rows = driver.findElements(row);
            if (rows.isEmpty()) {
                return false;
            }
            WebElement bar = rows.getFirst().findElement(By.cssSelector("progress.job-progress"));
            String value = bar.getDomProperty("value");
            int percent = value == null || value.isEmpty() ? -1 : (int) Double.parseDouble(value);
            if (percent >= 0 && (seen.isEmpty() || seen.getLast() != percent)) {
                seen.add(percent);
            }
            String state = rows.getFirst().getDomAttribute("data-state");
            if ("failed".equals(state) || "cancelled".equals(state)) {
                fail("the upload job " + state + ": " + rows.getFirst().getText());
            }
            return "succeeded".equals(state) && percent == 100;
        });
        assertEquals(100, seen.getLast(), seen.toString());
        System.out.println("progress values seen: " + seen);
        assertEquals("upload", attribute(row, "data-kind"));
        String batchId = attribute(row, "data-batch-id");
        assertFalse(batchId.isBlank(), "the finished upload job names its batch");
        By card = By.cssSelector("#transfers .transfer[data-job-id='" + jobId + "']");
        waitUntil("the upload card to show success", () -> "succeeded".equals(driver.findElement(card).getDomAttribute("data-state")));

        // The batch is listed (the list refreshes when the job ends) and the overview counts it.
        By listed = By.cssSelector("#batches-body tr[data-batch-id='" + batchId + "']");
        waitUntil("the batch in the list", () -> !driver.findElements(listed).isEmpty());
        assertEquals("browser upload", attribute(listed, "data-name"));
        waitUntil("the overview to count the batch", () ->
                driver.findElement(By.cssSelector("#stats [data-stat=batches] .stat-value")).getText().equals("1"));
        assertFalse(driver.findElements(By.cssSelector("#chart svg path.chart-line-stored")).isEmpty(), "the chart draws the curve");

        // Open it: the tree shows every file with a download link; download one and compare.
        click(By.cssSelector("#batches-body tr[data-batch-id='" + batchId + "'] a.batch-link"));
        waitUntil("the batch detail", () -> driver.findElement(By.id("batch-detail")).isDisplayed()
                && batchId.equals(driver.findElement(By.id("batch-detail")).getDomAttribute("data-batch-id")));
        for (String path : List.of("site/index.html", "site/css/site.css", "site/img/big.bin", "site/docs/notes/readme.txt")) {
            waitUntil("a link for " + path, () -> !driver.findElements(fileLink(path)).isEmpty());
        }
        assertTrue(attribute(By.id("archive-link"), "href").endsWith("/api/batches/" + batchId + "/archive"));
        String href = attribute(fileLink("site/img/big.bin"), "href");
        assertTrue(href.contains("/api/batches/" + batchId + "/files?path=site%2Fimg%2Fbig.bin"), href);
        click(fileLink("site/img/big.bin"));
        Path downloaded = downloads.resolve("big.bin");
        waitUntil("the download to finish", () -> Files.isRegularFile(downloaded) && !hasPartialDownloads());
        waitUntil("the downloaded size to match", () -> Files.size(downloaded) == Files.size(site.resolve("img/big.bin")));
        assertEquals(-1, Files.mismatch(downloaded, site.resolve("img/big.bin")), "the downloaded file differs");

        // Verify from the detail view starts a job that succeeds on the intact batch.
        click(By.id("detail-verify"));
        waitForJob("verify", batchId);
        screenshot("dashboard-batch.png");

        // Two more uploads: loose files through the files picker, and a file dropped on the drop zone.
        click(By.id("detail-back"));
        waitUntil("the batch list", () -> driver.findElement(By.id("batch-list")).isDisplayed());
        Path loose = Files.createDirectories(home.resolve("loose"));
        Files.writeString(loose.resolve("a.txt"), "first loose file\n".repeat(1000), StandardCharsets.UTF_8);
        Files.writeString(loose.resolve("b.txt"), "second loose file\n", StandardCharsets.UTF_8);
        driver.findElement(By.id("upload-files")).sendKeys(loose.resolve("a.txt") + "\n" + loose.resolve("b.txt"));
        waitForJob("upload", null);
        ((JavascriptExecutor) driver).executeScript(
                "const data = new DataTransfer();"
                        + "data.items.add(new File(['dropped on the zone\\n'], 'dropped.txt', {type: 'text/plain'}));"
                        + "document.getElementById('dropzone').dispatchEvent("
                        + "new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));");
        waitForJob("upload", null);
        waitUntil("three batches listed", () -> driver.findElements(By.cssSelector("#batches-body tr[data-batch-id]")).size() == 3);
        waitUntil("the overview to count three batches", () ->
                driver.findElement(By.cssSelector("#stats [data-stat=batches] .stat-value")).getText().equals("3"));
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("dashboard.png");

        // No content-security-policy violation or script error happened on the way.
        List<String> problems = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught") || m.contains("SyntaxError"))
                .toList();
        assertTrue(problems.isEmpty(), problems.toString());
    }

    /** Waits until the newest job of this kind (not seen before) succeeds; checks its batch when given. */
    private static void waitForJob(String kind, String batchId) {
        By rows = By.cssSelector("#jobs-body tr[data-kind='" + kind + "']");
        String id = waitFor("a new " + kind + " job", () -> driver.findElements(rows).stream()
                .map(r -> r.getDomAttribute("data-job-id")).filter(SEEN_JOBS::add).findFirst().orElse(null));
        By byId = By.cssSelector("#jobs-body tr[data-job-id='" + id + "']");
        waitUntil(kind + " job " + id + " to succeed", () -> {
            WebElement current = driver.findElement(byId);
            String state = current.getDomAttribute("data-state");
            if ("failed".equals(state) || "cancelled".equals(state)) {
                fail(kind + " job " + id + " " + state + ": " + current.getText());
            }
            return "succeeded".equals(state);
        });
        if (batchId != null) {
            assertEquals(batchId, attribute(byId, "data-batch-id"));
        }
    }

    /** Clicks the element, finding it again if the page re-rendered it in between. */
    private static void click(By by) {
        waitUntil("clicking " + by, () -> {
            driver.findElement(by).click();
            return true;
        });
    }

    /** An attribute of the element, finding it again if the page re-rendered it in between. */
    private static String attribute(By by, String name) {
        return waitFor(name + " of " + by, () -> driver.findElement(by).getDomAttribute(name));
    }

    private static By fileLink(String path) {
        return By.cssSelector("#tree a.file-link[data-path='" + path + "']");
    }

    private static int fetchStatus(String path, String credentials) {
        Object status = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: arguments[1], cache: 'no-store'})"
                        + ".then(r => done(r.status), e => done(-1));",
                path, credentials);
        return ((Number) status).intValue();
    }

    /** A nested folder: a few small files and one random ~2 MiB file. */
    private static Path folder() throws IOException {
        Path site = Files.createDirectories(home.resolve("upload").resolve("site"));
        Files.createDirectories(site.resolve("css"));
        Files.createDirectories(site.resolve("img"));
        Files.createDirectories(site.resolve("docs/notes"));
        Files.writeString(site.resolve("index.html"), "<!doctype html><title>hello</title>\n".repeat(40), StandardCharsets.UTF_8);
        Files.writeString(site.resolve("css/site.css"), "body { color: #123; }\n".repeat(200), StandardCharsets.UTF_8);
        Files.writeString(site.resolve("docs/notes/readme.txt"), "notes\n", StandardCharsets.UTF_8);
        byte[] big = new byte[2 * 1024 * 1024 + 12_345];
        new Random(42).nextBytes(big);
        Files.write(site.resolve("img/big.bin"), big);
        return site;
    }

    private static boolean hasPartialDownloads() throws IOException {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
        }
    }

    private static void screenshot(String name) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        Path file = target.resolve(name);
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        if (name.equals("dashboard.png") && Boolean.getBoolean("dos.updateScreenshot")) {
            Path docs = Path.of("..", "docs", "img");
            if (!Files.isDirectory(docs.getParent())) {
                docs = Path.of("docs", "img");
            }
            Files.createDirectories(docs);
            Files.copy(file, docs.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static void waitUntil(String what, Check check) {
        waitFor(what, () -> check.test() ? Boolean.TRUE : null);
    }

    /** Polls probe until it gives a non-null value (selenium-support is not a dependency). */
    private static <T> T waitFor(String what, Probe<T> probe) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                last = e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try {
            screenshot("dashboard-failure.png");
        } catch (IOException | RuntimeException ignored) {
            // the failure below says what went wrong
        }
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what, last);
    }
}
