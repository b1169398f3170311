package org.ipaward.server.calculator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The calculator's direct path ({@link CalculatorFastPath}) answers exactly as the controller behind Spring
 * Security and Spring MVC does: the same status, JSON bytes and security headers; and everything but the plain
 * case still reaches the controller (errors worded by ProblemHandler as before).
 */
class CalculatorFastPathTests extends ServerTest {
    static final String PATH = "/api/public/calculate";
    /** An Accept the direct path leaves to the controller (a quality factor), answered the same by it. */
    static final String TO_CONTROLLER = "application/json;q=1";

    @Test
    void theDirectPathAnswersTheSameBytesAndHeadersAsTheController() {
        List<String> bodies = List.of(
                CalculatorJsonTests.PG.formatted(
                        "110117", CalculatorJsonTests.PLEDGE.formatted("true", "400000.00"), "true"),
                CalculatorJsonTests.PG.formatted(
                        "110117", CalculatorJsonTests.AWARD + "," + CalculatorJsonTests.GBT.formatted("true"), "false"),
                CalculatorJsonTests.PG.formatted("110105", CalculatorJsonTests.GBT.formatted("true"), "true"),
                CalculatorJsonTests.JD.formatted(
                        "330703",
                        "B",
                        CalculatorJsonTests.INTENSIVE.formatted(3) + ","
                                + CalculatorJsonTests.JD_PLEDGE.formatted("true"),
                        "true"),
                CalculatorJsonTests.JD.formatted("330703", "C", CalculatorJsonTests.JD_UNDETERMINED, "true"),
                // no as_of and no explain given: today, with the explanation
                "{\"policy_id\":\"pinggu-2025\",\"subject\":{\"kind\":\"enterprise\",\"registered_region\":\"110117\"},"
                        + "\"claims\":[" + CalculatorJsonTests.PLEDGE.formatted("true", "120000.00") + "]}");
        for (String body : bodies) {
            Api.Response direct = post(body, "application/json", "application/json");
            Api.Response controller = post(body, "application/json", TO_CONTROLLER);
            assertThat(direct.status()).as(direct.body()).isEqualTo(200);
            assertThat(controller.status()).as(controller.body()).isEqualTo(200);
            assertThat(direct.bytes()).as(body).isEqualTo(controller.bytes());
            // which path answered: the direct one gives a length, the controller streams chunks
            assertThat(direct.header("Content-Length")).isEqualTo(String.valueOf(direct.bytes().length));
            assertThat(controller.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(headers(direct)).isEqualTo(headers(controller));
            assertThat(direct.header("Content-Type")).isEqualTo("application/json");
            assertThat(direct.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void theSecurityHeadersAreThoseOfThePublicChain() {
        Api.Response direct = post(
                CalculatorJsonTests.PG.formatted(
                        "110117", CalculatorJsonTests.PLEDGE.formatted("true", "120000.00"), "false"),
                "application/json",
                null);
        Api.Response policies = api.anonymous().get("/api/public/policies");
        assertThat(direct.header("Content-Length")).isNotNull();
        assertThat(policies.status()).isEqualTo(200);
        assertThat(headers(direct)).isEqualTo(headers(policies));
        assertThat(headers(direct))
                .containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY")
                .containsEntry("cache-control", "no-cache, no-store, max-age=0, must-revalidate")
                .containsKeys("content-security-policy", "referrer-policy", "permissions-policy");
    }

    @Test
    void everyOtherCaseIsAnsweredByTheControllerAsBefore() {
        String good = CalculatorJsonTests.PG.formatted(
                "110117", CalculatorJsonTests.PLEDGE.formatted("true", "120000.00"), "true");
        List<String> bad = List.of(
                "{\"policy_id\":\"pinggu-2025\",", // not JSON
                "", // no body
                "{\"policy_id\":\"pinggu-2025\",\"bogus\":1}", // unknown field
                "{\"policy_id\":\"nowhere-1999\",\"subject\":{\"kind\":\"person\"}}", // unknown policy: 404
                "{\"policy_id\":\"pinggu-2025\",\"subject\":{\"kind\":\"robot\"},\"claims\":[]}", // bad kind
                good.replace("120000.00", "lots")); // a fact of the wrong type
        for (String body : bad) {
            Api.Response direct = post(body, "application/json", "application/json");
            Api.Response controller = post(body, "application/json", TO_CONTROLLER);
            assertThat(direct.status()).as(body).isIn(400, 404);
            assertThat(direct.status()).isEqualTo(controller.status());
            assertThat(direct.body()).isEqualTo(controller.body());
            assertThat(direct.json().get("key").asString()).isNotBlank();
            assertThat(direct.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(headers(direct)).isEqualTo(headers(controller));
        }
        // another media type: 415, as before; problem+json asked for: the controller answers in it
        assertThat(post(good, "text/plain", null).status()).isEqualTo(415);
        Api.Response problemJson = post(good, "application/json", "application/problem+json");
        assertThat(problemJson.status()).isEqualTo(200);
        assertThat(problemJson.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.anonymous().get(PATH).status()).isEqualTo(405);
    }

    @Test
    void aBodyLargerThanTheDirectPathReadsIsReadWholeByTheController() {
        String good = CalculatorJsonTests.PG.formatted(
                "110117", CalculatorJsonTests.PLEDGE.formatted("true", "120000.00"), "true");
        String padded = good.substring(0, good.length() - 1) + " ".repeat(CalculatorFastPath.MAX_BODY) + "}";
        Api.Response large = post(padded, "application/json", "application/json");
        Api.Response small = post(good, "application/json", "application/json");
        assertThat(large.status()).as(large.body()).isEqualTo(200);
        assertThat(large.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(large.bytes()).isEqualTo(small.bytes());
    }

    @Test
    void theDirectPathTakesOnlyThePlainCase() {
        assertThat(CalculatorFastPath.takes(request("POST", PATH, "application/json", null)))
                .isTrue();
        assertThat(CalculatorFastPath.takes(request("POST", PATH, "application/json; charset=UTF-8", "*/*")))
                .isTrue();
        assertThat(CalculatorFastPath.takes(request("GET", PATH, "application/json", null)))
                .isFalse();
        assertThat(CalculatorFastPath.takes(request("POST", PATH + ";x=1", "application/json", null)))
                .isFalse();
        assertThat(CalculatorFastPath.takes(request("POST", PATH, "application/json;charset=GBK", null)))
                .isFalse();
        assertThat(CalculatorFastPath.takes(request("POST", PATH, "text/plain", null)))
                .isFalse();
        assertThat(CalculatorFastPath.takes(request("POST", PATH, null, null))).isFalse();

        assertThat(CalculatorFastPath.answersJson(null)).isTrue();
        assertThat(CalculatorFastPath.answersJson("*/*")).isTrue();
        assertThat(CalculatorFastPath.answersJson("application/*")).isTrue();
        assertThat(CalculatorFastPath.answersJson("application/json")).isTrue();
        assertThat(CalculatorFastPath.answersJson("application/json, application/problem+json, */*"))
                .isTrue();
        assertThat(CalculatorFastPath.answersJson("application/problem+json")).isFalse();
        assertThat(CalculatorFastPath.answersJson("*/*, application/problem+json"))
                .isFalse();
        assertThat(CalculatorFastPath.answersJson("application/json;q=0.5, application/problem+json"))
                .isFalse();
        assertThat(CalculatorFastPath.answersJson("text/html")).isFalse();
    }

    @Test
    void calculatorRequestsAreNotTimedOthersAre() {
        ObservationPredicate p = new CalculatorWebConfig().calculatorNotTimed();
        MockHttpServletRequest calc = request("POST", PATH, "application/json", null);
        MockHttpServletRequest policies = request("GET", "/api/public/policies", null, null);
        assertThat(p.test(
                        "http.server.requests",
                        new ServerRequestObservationContext(calc, new MockHttpServletResponse())))
                .isFalse();
        assertThat(p.test(
                        "http.server.requests",
                        new ServerRequestObservationContext(policies, new MockHttpServletResponse())))
                .isTrue();
        assertThat(p.test("jdbc.query", new Observation.Context())).isTrue();
    }

    private static MockHttpServletRequest request(String method, String uri, String type, String accept) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, uri);
        if (type != null) {
            r.setContentType(type);
        }
        if (accept != null) {
            r.addHeader("Accept", accept);
        }
        return r;
    }

    private Api.Response post(String body, String type, String accept) {
        Api.As as = api.anonymous();
        if (accept != null) {
            as = as.withHeader("Accept", accept);
        }
        return as.postRaw(PATH, type, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The answer's headers but those of the transfer (length or chunks, date, content type). */
    private static Map<String, String> headers(Api.Response r) {
        Map<String, String> out = new TreeMap<>();
        r.headers().forEach((name, values) -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (!List.of(
                            "content-length",
                            "transfer-encoding",
                            "date",
                            "content-type",
                            ":status",
                            "connection",
                            "keep-alive",
                            "vary")
                    .contains(n)) {
                out.put(n, String.join(", ", values));
            }
        });
        return out;
    }
}
