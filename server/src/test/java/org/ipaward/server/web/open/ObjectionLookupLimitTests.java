package org.ipaward.server.web.open;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ipaward.server.publicity.PublicityService;
import org.ipaward.server.security.Browser;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.Fixtures;
import org.ipaward.server.support.MutableClock;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The public objection lookup pauses for a client address after 10 failed lookups within 15 minutes: 429 with
 * the time to try again, while other addresses and successful lookups are not held back, and the window's end
 * frees the address. The lookups come from their own loopback addresses (127.0.0.x), so they neither see nor
 * leave failures of the other tests' (127.0.0.1).
 */
class ObjectionLookupLimitTests extends ServerTest {
    @Autowired
    Fixtures fx;

    @Autowired
    PublicityService publicity;

    @Autowired
    MutableClock clock;

    private String csrf;

    @BeforeEach
    void reset() {
        clock.reset();
    }

    /** An objection with a contact, filed through the form; its number. */
    private String objection(String company, String contact) {
        long round = Awards.round(fx);
        Awards.Award a = Awards.publicised(api, fx, round, company);
        Browser b = new Browser(port);
        b.page("/publicity/" + round + "/objection?no=" + a.no());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("application_no", a.no());
        fields.put("filer_name", "孙某");
        fields.put("contact", contact);
        fields.put("text", "申报材料与实际不符，请核查。");
        assertThat(b.postForm("/publicity/" + round + "/objection", fields, true)
                        .status())
                .isEqualTo(302);
        List<PublicityService.Objection> filed = publicity.forRound(round, null);
        assertThat(filed).hasSize(1);
        Browser forToken = new Browser(port);
        forToken.page("/publicity/objections");
        csrf = forToken.cookie("XSRF-TOKEN");
        assertThat(csrf).isNotBlank();
        return String.valueOf(filed.get(0).id());
    }

    @Test
    void tenFailuresFromOneAddressPauseItsLookupsUntilTheWindowEnds() {
        String number = objection("北京平谷异议限次科技有限公司", "13900006666");
        String guesser = "127.0.0.21";
        String other = "127.0.0.22";
        for (int i = 0; i < 10; i++) {
            Api.Response wrong = lookup(guesser, number, "1390000" + (7000 + i));
            assertThat(wrong.status()).as("failure " + (i + 1)).isEqualTo(404);
            assertThat(wrong.body()).contains("异议编号与联系方式不匹配");
        }
        Api.Response limited = lookup(guesser, number, "13900006666");
        assertThat(limited.status()).as("even the right contact, once paused").isEqualTo(429);
        assertThat(limited.body())
                .contains("查询失败次数过多")
                .contains("15 分钟内查询失败 10 次后暂停查询")
                .contains("objection.lookup_limited")
                .doesNotContain("id=\"objection-status\"")
                .containsPattern("请于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}（北京时间）后再试");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 15 * 60L);
        Api.Response english = lookup(guesser, number, "13900006666", "en");
        assertThat(english.status()).isEqualTo(429);
        assertThat(english.body()).contains("too many failed lookups").contains("Try again after");

        Api.Response elsewhere = lookup(other, number, "13900006666");
        assertThat(elsewhere.status()).as("another address").isEqualTo(200);
        assertThat(elsewhere.body()).contains("id=\"objection-status\"");

        clock.advance(Duration.ofMinutes(14));
        assertThat(lookup(guesser, number, "13900006666").status()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(1));
        Api.Response after = lookup(guesser, number, "13900006666");
        assertThat(after.status()).as("the window ended").isEqualTo(200);
        assertThat(after.body()).contains("id=\"objection-status\"");
        assertThat(lookup(guesser, number, "13900009999").status())
                .as("counting starts again")
                .isEqualTo(404);
    }

    @Test
    void successfulLookupsDoNotCount() {
        String number = objection("北京平谷异议查询次数科技有限公司", "Li@Example.com");
        String reader = "127.0.0.23";
        for (int i = 0; i < 12; i++) {
            assertThat(lookup(reader, number, "li@example.com").status())
                    .as("lookup " + (i + 1))
                    .isEqualTo(200);
        }
        for (int i = 0; i < 9; i++) {
            assertThat(lookup(reader, number, "wang@example.com").status()).isEqualTo(404);
        }
        assertThat(lookup(reader, number, "li@example.com").status())
                .as("nine failures")
                .isEqualTo(200);
        assertThat(lookup(reader, number, "wang@example.com").status()).isEqualTo(404);
        assertThat(lookup(reader, number, "li@example.com").status())
                .as("ten failures")
                .isEqualTo(429);
    }

    private Api.Response lookup(String from, String number, String contact) {
        return lookup(from, number, contact, "zh");
    }

    /**
     * Posts the lookup form from a loopback address of the test's choosing (the JDK's HTTP client cannot pick its
     * local address on Java 17): plain HTTP/1.0, so the answer is not chunked and the connection closes after it.
     */
    private Api.Response lookup(String from, String number, String contact, String lang) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("number", number);
        fields.put("contact", contact);
        fields.put("_csrf", csrf);
        byte[] body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
        String head = "POST /publicity/objections?lang=" + lang + " HTTP/1.0\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Accept: text/html\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Cookie: XSRF-TOKEN=" + csrf + "\r\n\r\n";
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim(),
                        List.of(lines[i].substring(colon + 1).trim()));
            }
            String text = answer.substring(split + 4);
            return new Api.Response(status, headers, text, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
