package org.ipaward.server.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.ipaward.server.policy.EngineVersion;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's title, description and the bearer-token scheme Swagger UI offers. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {
    @Bean
    public OpenAPI ipawardOpenApi(EngineVersion version) {
        return new OpenAPI()
                .info(new Info()
                        .title("ipaward API — 知识产权奖补申报、审核、公示、拨付")
                        .version(version.value())
                        .description(
                                """
                                知识产权奖补政策的申报批次、申报、材料、审核流程、奖补台账、公示与异议、拨付、审计。\
                                先用 POST /api/auth/token 换取令牌，再点右上角 Authorize 填入。错误均为 RFC 9457 \
                                problem+json：title/detail 为中文，key 为稳定的英文键。\n\n\
                                Rounds, applications, materials, the review workflow, the awards ledger, publicity and \
                                objections, payments and audit for IP subsidy policies. Get a token from \
                                POST /api/auth/token and use Authorize. Errors are RFC 9457 problem+json with a Chinese \
                                title/detail and a stable English key.""")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description(
                                                "POST /api/auth/token 返回的令牌 / the token from POST /api/auth/token")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
