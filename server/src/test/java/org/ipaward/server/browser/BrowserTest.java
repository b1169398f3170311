package org.ipaward.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Tests that drive the pages in Debian's headless Chromium ({@code /usr/bin/chromium} with
 * {@code /usr/bin/chromedriver}, both installed by {@code .ci/run}) against the real server on a random
 * port. One browser per test class; screenshots go to {@code target/screenshots/}.
 */
public abstract class BrowserTest extends ServerTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    protected static ChromeDriver driver;

    /** On a failure: a screenshot and the page's HTML as {@code FAILED-<test>.png/.html}, to see what the browser saw. */
    @RegisterExtension
    static final TestWatcher ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver == null) {
                return;
            }
            String name = "FAILED-" + context.getRequiredTestMethod().getName();
            try {
                Files.copy(
                        driver.getScreenshotAs(OutputType.FILE).toPath(),
                        SCREENSHOTS.resolve(name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
            } catch (IOException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    };

    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(CHROMIUM)
                .as("Debian's chromium (apt-get install chromium; .ci/run does)")
                .exists();
        assertThat(CHROMEDRIVER)
                .as("Debian's chromedriver (apt-get install chromium-driver; .ci/run does)")
                .exists();
        profile = Files.createTempDirectory("ipaward-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // the flags this machine needs: no sandbox as root, no network beyond loopback, a fresh profile
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=zh-CN",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected void open(String path) {
        driver.get(url(path));
    }

    protected WebElement find(String css) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Clicks an element after scrolling it to the middle of the window (clear of sticky headers and panels; instant, as Bootstrap scrolls smoothly). */
    protected void click(String css) {
        WebElement e = waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        ((JavascriptExecutor) driver)
                .executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", e);
        e.click();
    }

    protected List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    protected WebDriverWait waitFor() {
        // htmx swaps parts of the page while a condition reads them: an element found just before its swap is
        // stale when read, which only means "not yet" — the condition is asked again.
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Waits until the element's text contains the given text (htmx swaps arrive a moment later). */
    protected void waitForText(String css, String text) {
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    protected String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    protected void signIn(String user, String password) {
        signOut();
        open("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("#password").submit();
        waitFor().until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Ends the session (the sign-out button in the header posts with its CSRF token). */
    protected void signOut() {
        driver.manage().deleteAllCookies();
    }

    /** Saves a screenshot of the current page as {@code target/screenshots/<name>.png}. */
    protected Path screenshot(String name) {
        Path to = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** A full-page screenshot: the window is stretched to the page's height for the shot. */
    protected Path fullPageScreenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        long height = (Long)
                ((JavascriptExecutor) driver).executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 120, 4000)));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    protected void phoneWidth() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    protected void desktopWidth() {
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /**
     * Whether this browser draws Chinese with real glyphs: draws 知 and a code point no font has (which
     * comes out as the "missing glyph" box) in the page's font on a canvas and compares the pixels. With no
     * CJK font installed both are the same box.
     */
    protected boolean chineseRendersAsGlyphs() {
        Object same = ((JavascriptExecutor) driver)
                .executeScript(
                        """
                const font = getComputedStyle(document.body).fontFamily;
                function draw(ch) {
                  const c = document.createElement('canvas');
                  c.width = 64; c.height = 64;
                  const g = c.getContext('2d');
                  g.fillStyle = '#fff'; g.fillRect(0, 0, 64, 64);
                  g.fillStyle = '#000'; g.font = '48px ' + font; g.textBaseline = 'top';
                  g.fillText(ch, 4, 4);
                  return Array.from(g.getImageData(0, 0, 64, 64).data).join(',');
                }
                return draw('知') === draw(String.fromCodePoint(0x10FFFD)) || draw('知') === draw('识');
                """);
        return Boolean.FALSE.equals(same);
    }

    /** Asserts no element of the page sticks out beyond the window's width (readable at this width). */
    protected void assertNoHorizontalScroll() {
        Object wider = ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1");
        assertThat(wider).as("the page scrolls sideways at this width").isEqualTo(Boolean.FALSE);
    }

    protected static TakesScreenshot shots() {
        return driver;
    }
}
