package org.ipaward.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.ipaward.server.support.Api;
import org.ipaward.server.support.ServerTest;
import org.junit.jupiter.api.Test;

class ApiDocsTests extends ServerTest {
    @Test
    void openApiDescribesTheApiAndSwaggerUiIsServed() {
        Api.Response docs = api.anonymous().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/applications/{id}/actions/{action}"))
                .isTrue();
        assertThat(docs.json().get("paths").has("/api/public/calculate")).isTrue();
        assertThat(api.anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAreProblemsNotPages() {
        Api.As admin = api.anonymous();
        Api.Response missing = admin.get("/api/public/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        Api.Response method = api.anonymous().delete("/api/public/calculate");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.json().get("key").asString()).isEqualTo("method.not_allowed");
    }
}
