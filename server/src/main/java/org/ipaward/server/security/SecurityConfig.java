package org.ipaward.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.ipaward.server.error.ProblemHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Form login with a session for people; the same session (with a CSRF token) or a bearer token for the
 * API. Unauthenticated API calls get 401 problem+json, forbidden ones 403; pages redirect to /login.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfig {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    public SecurityFilterChain filterChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        RequestMatcher bearer = r -> {
            String h = r.getHeader("Authorization");
            return h != null && h.startsWith("Bearer ");
        };
        RequestMatcher api = r -> r.getRequestURI().startsWith(r.getContextPath() + "/api/");
        http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/info",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**",
                                "/api/public/**",
                                "/api/auth/token",
                                "/login",
                                "/error")
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .authenticated())
                .formLogin(f -> f.permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
                .csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(bearer)
                        .ignoringRequestMatchers("/api/auth/token", "/api/public/**"))
                .addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                (req, res, ex) ->
                                        write(res, HttpStatus.UNAUTHORIZED, "auth.required", "请先登录", "sign in first"),
                                api)
                        .defaultAccessDeniedHandlerFor(
                                (req, res, ex) -> write(
                                        res,
                                        HttpStatus.FORBIDDEN,
                                        "access.denied",
                                        "无权执行此操作或查看此数据（若为提交表单，请刷新页面后重试）",
                                        "not allowed (for a form, reload the page and retry)"),
                                api))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
                .headers(h -> h.contentSecurityPolicy(
                                c -> c.policyDirectives(
                                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                                + "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"))
                        .referrerPolicy(r ->
                                r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(f -> f.deny())
                        .permissionsPolicyHeader(p -> p.policy("camera=(), microphone=(), geolocation=()")));
        return http.build();
    }

    static void write(HttpServletResponse res, HttpStatus status, String key, String zh, String en) throws IOException {
        ProblemDetail p = ProblemHandler.problem(status, key, zh, en, List.of());
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write(JSON.writeValueAsString(p));
    }

    static boolean isApi(HttpServletRequest r) {
        return r.getRequestURI().startsWith(r.getContextPath() + "/api/");
    }
}
