package org.ipaward.server.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every visible string of the pages comes from the message bundles: the Chinese and English bundles have
 * the same keys, every key a template uses exists, and no template has words (Chinese or Latin letters)
 * in its text or in a visible attribute (title, placeholder, aria-label, alt) outside a message.
 */
class I18nBundleTests {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path TEMPLATES = RESOURCES.resolve("templates");

    /** A tag, with quoted attribute values that may hold {@code >}. */
    private static final Pattern TAG = Pattern.compile("<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>");

    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern INLINE = Pattern.compile("\\[\\[.*?]]|\\[\\(.*?\\)]", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);");
    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final Pattern VISIBLE_ATTRIBUTE =
            Pattern.compile("\\s(?:title|placeholder|aria-label|alt|value)\\s*=\\s*\"[^\"]*\\p{L}[^\"]*\"");
    private static final Pattern MESSAGE_KEY = Pattern.compile("#\\{([^}(]+)");

    @Test
    void everyBundleIsConfiguredAndTheirKeysDoNotOverlap() throws IOException {
        String yaml = Files.readString(RESOURCES.resolve("application.yaml"));
        Matcher m = Pattern.compile("basename:\\s*(\\S+)").matcher(yaml);
        assertThat(m.find()).as("spring.messages.basename in application.yaml").isTrue();
        assertThat(new TreeSet<>(List.of(m.group(1).split(","))))
                .as("spring.messages.basename lists every bundle found")
                .isEqualTo(new TreeSet<>(bundles()));
        Map<String, String> owner = new TreeMap<>();
        List<String> repeated = new ArrayList<>();
        for (String bundle : bundles()) {
            for (String key : load(bundle + ".properties").stringPropertyNames()) {
                String before = owner.put(key, bundle);
                if (before != null) {
                    repeated.add(key + " in " + before + " and " + bundle);
                }
            }
        }
        assertThat(repeated).as("keys defined in two bundles").isEmpty();
    }

    @Test
    void chineseAndEnglishBundlesHaveTheSameKeysAndNoEmptyMessage() throws IOException {
        assertThat(load("messages.properties"))
                .as("the shared Chinese bundle is not empty")
                .isNotEmpty();
        for (String bundle : bundles()) {
            Properties zh = load(bundle + ".properties");
            Properties en = load(bundle + "_en.properties");
            assertThat(new TreeSet<>(en.stringPropertyNames()))
                    .as("keys of " + bundle + "_en.properties")
                    .isEqualTo(new TreeSet<>(zh.stringPropertyNames()));
            for (Properties p : List.of(zh, en)) {
                for (String key : p.stringPropertyNames()) {
                    assertThat(p.getProperty(key)).as(bundle + ": " + key).isNotBlank();
                }
            }
        }
    }

    @Test
    void theChineseBundleIsChinese() throws IOException {
        Pattern han = Pattern.compile("\\p{IsHan}");
        List<String> notChinese = new ArrayList<>();
        for (String bundle : bundles()) {
            Properties zh = load(bundle + ".properties");
            Properties en = load(bundle + "_en.properties");
            for (String key : zh.stringPropertyNames()) {
                String text = zh.getProperty(key);
                boolean sameInBoth = text.equals(en.getProperty(key));
                if (!han.matcher(text).find() && !sameInBoth && !text.matches("[\\p{Punct}\\s{}0-9〔〕]*")) {
                    notChinese.add(bundle + ": " + key + "=" + text);
                }
            }
        }
        assertThat(notChinese)
                .as("Chinese messages without Chinese text (English left in the default bundle?)")
                .isEmpty();
    }

    @Test
    void everyMessageKeyATemplateUsesExists() throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String bundle : bundles()) {
            keys.addAll(load(bundle + ".properties").stringPropertyNames());
        }
        Map<String, Set<String>> missing = new TreeMap<>();
        for (Path t : templates()) {
            Matcher m = MESSAGE_KEY.matcher(Files.readString(t));
            while (m.find()) {
                String key = m.group(1).trim();
                if (key.contains("$") || key.contains("__")) {
                    continue; // a key computed at render time
                }
                if (!keys.contains(key)) {
                    missing.computeIfAbsent(t.getFileName().toString(), k -> new TreeSet<>())
                            .add(key);
                }
            }
        }
        assertThat(missing)
                .as("message keys used in templates but missing from the bundles")
                .isEmpty();
    }

    @Test
    void templatesHaveNoHardCodedText() throws IOException {
        List<Path> files = templates();
        assertThat(files).as("templates found").isNotEmpty();
        List<String> found = new ArrayList<>();
        for (Path t : files) {
            found.addAll(hardCodedText(t.getFileName().toString(), Files.readString(t)));
        }
        assertThat(found).as("text in templates outside the message bundles").isEmpty();
    }

    @Test
    void theScanFindsHardCodedChineseAndEnglish() {
        assertThat(hardCodedText("x.html", "<p th:text=\"#{a}\"></p><p>申报</p>")).containsExactly("x.html: 申报");
        assertThat(hardCodedText("x.html", "<span>\n  Sign in\n</span>")).containsExactly("x.html: Sign in");
        assertThat(hardCodedText("x.html", "<input placeholder=\"用户名\">"))
                .containsExactly("x.html: placeholder=\"用户名\"");
        assertThat(hardCodedText("x.html", "<button th:title=\"#{x}\" th:text=\"${a > b}\"></button> &nbsp;"))
                .isEmpty();
        assertThat(hardCodedText("x.html", "<!-- a comment --><!--/* another */-->"))
                .isEmpty();
    }

    /** The words a template shows that do not come from a message. */
    static List<String> hardCodedText(String name, String html) {
        List<String> out = new ArrayList<>();
        String text = COMMENT.matcher(html).replaceAll(" ");
        Matcher attributes = TAG.matcher(text);
        while (attributes.find()) {
            Matcher a = VISIBLE_ATTRIBUTE.matcher(attributes.group());
            while (a.find()) {
                out.add(name + ": " + a.group().trim());
            }
        }
        text = TAG.matcher(text).replaceAll("\n");
        text = INLINE.matcher(text).replaceAll(" ");
        text = ENTITY.matcher(text).replaceAll(" ");
        for (String line : text.split("\n")) {
            if (LETTER.matcher(line).find()) {
                out.add(name + ": " + line.trim());
            }
        }
        return out;
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> s = Files.walk(TEMPLATES)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    /** The bundles' base names: {@code messages} and every {@code i18n/<area>} with its Chinese default file. */
    private static List<String> bundles() throws IOException {
        List<String> out = new ArrayList<>(List.of("messages"));
        try (Stream<Path> s = Files.list(RESOURCES.resolve("i18n"))) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".properties") && !n.endsWith("_en.properties"))
                    .map(n -> "i18n/" + n.substring(0, n.length() - ".properties".length()))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(RESOURCES.resolve(name), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
