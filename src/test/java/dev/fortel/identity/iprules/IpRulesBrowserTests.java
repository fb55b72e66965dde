package dev.fortel.identity.iprules;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.fortel.support.FortelServerTest;
import dev.fortel.support.Fixtures;
import dev.fortel.support.ServerTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Security → IP rules" as an administrator uses it: Debian's Chromium against the running HTTPS server
 * with the production CSP. Screenshots go to target/screenshots/ (LANG-ip-rules-*.png) for visual review.
 */
@FortelServerTest
class IpRulesBrowserTests extends ServerTestSupport {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private static Playwright playwright;
    private static Browser browser;

    private final List<BrowserContext> contexts = new ArrayList<>();
    private final List<String> cspViolations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void launchBrowser() {
        if (!Files.isExecutable(CHROMIUM)) {
            String reason = CHROMIUM + " is missing; install Debian's browser with: apt-get install -y chromium";
            if ("true".equals(System.getenv("CI"))) {
                fail("The console browser tests need Chromium on CI: " + reason);
            }
            Assumptions.abort(reason);
        }
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @AfterEach
    void closePages() {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
        assertEquals(List.of(), cspViolations, "the pages must not break the Content-Security-Policy");
    }

    @Test
    void administratorAddsARuleAndSeesTheErrorForABadRangeInRussian() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Fixtures.Company acme = fixtures.company("Acme");
        Page ru = newPage("ru-RU");
        signIn(ru, acme.ownerLogin(), Fixtures.PASSWORD);

        ru.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Безопасность").setExact(true)).click();
        assertThat(ru).hasURL(Pattern.compile("/security/settings$"));
        ru.locator("nav.tabs").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("IP-правила").setExact(true)).click();
        assertThat(ru).hasURL(Pattern.compile("/security/ip-rules$"));
        assertThat(ru.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Безопасность → IP-правила");
        assertThat(ru.locator("code.own-address")).hasText("127.0.0.1");
        assertThat(ru.locator("table.iprules")).containsText("IP-правил пока нет");
        check(ru, "ru");
        save(ru, "ru", "ip-rules-empty");

        Locator form = ru.locator("form[action$='/security/ip-rules']");
        form.locator("#action").selectOption("deny");
        form.locator("#scope").selectOption("employees");
        form.locator("#address").fill("10.0.0.300/33");
        form.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Добавить правило")).click();
        Locator addressField = ru.locator(".field.invalid:has(#address)");
        assertThat(addressField).isVisible();
        assertThat(addressField.locator(".error")).hasText("10.0.0.300 — не адрес IPv4: число 300 больше 255 (каждое из четырёх чисел — от 0 до 255); "
                + "/33 — слишком длинный префикс для диапазона IPv4: длина префикса от 0 до 32");
        assertThat(ru.locator("#address")).hasValue("10.0.0.300/33");
        assertThat(ru.locator("table.iprules tbody tr")).hasCount(1);
        check(ru, "ru");
        save(ru, "ru", "ip-rules-invalid");

        ru.locator("#address").fill("10.0.0.1/8");
        ru.locator("form[action$='/security/ip-rules'] button[type=submit]").click();
        assertThat(ru.locator(".field.invalid:has(#address) .error")).containsText("укажите 10.0.0.0/8 для всей сети или 10.0.0.1 для одного этого адреса");
        assertThat(ru.locator("#address")).hasValue("10.0.0.1/8");

        ru.locator("#address").fill("198.51.100.0/24");
        ru.locator("#note").fill("Сканер портов");
        ru.locator("form[action$='/security/ip-rules'] button[type=submit]").click();
        assertThat(ru.getByRole(AriaRole.STATUS)).hasText("Правило для 198.51.100.0/24 добавлено.");
        Locator row = ru.locator("table.iprules tbody tr").filter(new Locator.FilterOptions().setHasText("198.51.100.0/24"));
        assertThat(row).containsText("Запретить");
        assertThat(row).containsText("Все сотрудники");
        assertThat(row).containsText("Сканер портов");
        check(ru, "ru");
        save(ru, "ru", "ip-rules-added");

        // An allow-list for administrators that leaves out the administrator's own address is refused, saying why.
        ru.locator("#action").selectOption("allow");
        ru.locator("#scope").selectOption("admins");
        ru.locator("#address").fill("192.0.2.0/24");
        ru.locator("form[action$='/security/ip-rules'] button[type=submit]").click();
        assertThat(ru.locator(".field.invalid:has(#address) .error"))
                .containsText("после этого изменения ваш собственный адрес 127.0.0.1 будет запрещён (правила для группы «Администраторы»)");
        save(ru, "ru", "ip-rules-self-lockout");

        row = ru.locator("table.iprules tbody tr").filter(new Locator.FilterOptions().setHasText("198.51.100.0/24"));
        row.getByRole(AriaRole.LINK).click();
        assertThat(ru.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("IP-правило: 198.51.100.0/24");
        ru.locator("#scope").selectOption("api_tokens");
        ru.locator("#address").fill("fd00::/129");
        ru.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Сохранить")).click();
        assertThat(ru.locator(".field.invalid:has(#address) .error")).hasText("/129 — слишком длинный префикс для диапазона IPv6: длина префикса от 0 до 128");
        assertThat(ru.locator("#scope")).hasValue("api_tokens");
        check(ru, "ru");
        save(ru, "ru", "ip-rule-edit-invalid");
        ru.locator("#address").fill("2001:DB8::/32");
        ru.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Сохранить")).click();
        assertThat(ru.getByRole(AriaRole.STATUS)).hasText("Правило сохранено.");
        assertThat(ru.locator("table.iprules")).containsText("2001:db8::/32");
        assertThat(ru.locator("table.iprules")).containsText("API-токены");

        ru.locator("table.iprules tbody tr").filter(new Locator.FilterOptions().setHasText("2001:db8::/32")).getByRole(AriaRole.LINK).click();
        ru.onDialog(dialog -> dialog.accept());
        ru.locator("form[action$='/delete'] button").click();
        assertThat(ru.getByRole(AriaRole.STATUS)).hasText("Правило для 2001:db8::/32 удалено.");
        assertThat(ru.locator("table.iprules tbody tr")).hasCount(1);

        ru.navigate("/journal?type=security.ip_rule.*");
        assertThat(ru.locator("table.journal tbody tr")).hasCount(3);
        assertThat(ru.locator("table.journal")).containsText("IP-правило добавлено");
        save(ru, "ru", "ip-rules-journal");

        Page en = newPage("en-US");
        signIn(en, acme.ownerLogin(), Fixtures.PASSWORD);
        en.navigate("/security/ip-rules?lang=en");
        assertThat(en.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Security → IP rules");
        en.locator("#address").fill("garbage");
        en.locator("form[action$='/security/ip-rules'] button[type=submit]").click();
        assertThat(en.locator(".field.invalid:has(#address) .error")).containsText("is not an IP address or range (only digits, a to f, dots, colons and one / may appear)");
        check(en, "en");
        save(en, "en", "ip-rules-invalid");
    }

    @Test
    void operatorManagesTheProviderDenyListInTheConsole() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Page ru = newPage("ru-RU");
        signIn(ru, Fixtures.OPERATOR, Fixtures.OPERATOR_PASSWORD);
        ru.navigate("/security/ip-rules");
        ru.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Запреты провайдера")).click();
        assertThat(ru.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Безопасность → Запреты провайдера");
        ru.locator("#address").fill("198.18.7.0/33");
        ru.locator("form[action$='/provider/ip-deny-list'] button[type=submit]").click();
        assertThat(ru.locator(".field.invalid:has(#address) .error")).hasText("/33 — слишком длинный префикс для диапазона IPv4: длина префикса от 0 до 32");
        check(ru, "ru");
        save(ru, "ru", "ip-deny-list-invalid");

        ru.locator("#address").fill("198.18.7.0/24");
        ru.locator("#note").fill("Жалоба на рассылку");
        ru.locator("form[action$='/provider/ip-deny-list'] button[type=submit]").click();
        assertThat(ru.getByRole(AriaRole.STATUS)).hasText("198.18.7.0/24 добавлен в список запретов.");
        save(ru, "ru", "ip-deny-list-added");
        ru.locator("table.denylist tbody tr").filter(new Locator.FilterOptions().setHasText("198.18.7.0/24")).getByRole(AriaRole.LINK).click();
        check(ru, "ru");
        save(ru, "ru", "ip-deny-entry");
        ru.onDialog(dialog -> dialog.accept());
        ru.locator("form[action$='/delete'] button").click();
        assertThat(ru.getByRole(AriaRole.STATUS)).hasText("198.18.7.0/24 удалён из списка запретов.");
        assertThat(ru.locator("table.denylist")).not().containsText("198.18.7.0/24");

        Page anonymous = newPage("ru-RU");
        anonymous.navigate("/login?address");
        assertThat(anonymous.getByRole(AriaRole.ALERT))
                .hasText("Вход с этого сетевого адреса для этой учётной записи запрещён; обратитесь к администратору.");
        save(anonymous, "ru", "login-address-refused");
    }

    private Page newPage(String locale) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)
                .setBaseURL("https://127.0.0.1:" + port).setLocale(locale).setViewportSize(1280, 800));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        Page p = context.newPage();
        p.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                cspViolations.add(p.url() + ": " + m.text());
            }
        });
        return p;
    }

    private static void signIn(Page p, String login, String password) {
        p.navigate("/login");
        p.locator("input[name=login]").fill(login);
        p.locator("input[name=password]").fill(password);
        p.locator("form[action$='/login'] button.primary[type=submit]").click();
        p.waitForURL(url -> !url.contains("/login"));
    }

    private static void check(Page p, String lang) {
        assertThat(p.locator("html")).hasAttribute("lang", lang);
        assertThat(p.locator("body")).not().containsText("??");
    }

    private static void save(Page p, String lang, String name) {
        p.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve(lang + "-" + name + ".png")));
    }
}
