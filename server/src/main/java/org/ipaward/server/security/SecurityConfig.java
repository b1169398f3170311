package org.ipaward.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ipaward.server.error.ProblemHandler;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Form login with a session for people; the same session (with a CSRF token) or a bearer token for the
 * API. Unauthenticated API calls get 401 problem+json, forbidden ones 403; pages redirect to /login. An address
 * the server does not have is 404 for everyone, signed in or not ({@link UnknownAddresses}).
 *
 * <p>CSRF: the token is kept in the {@code XSRF-TOKEN} cookie (readable by the page's script, issued on
 * every non-token request) and must come back in the {@code X-XSRF-TOKEN} header (or the {@code _csrf}
 * form field) on every state-changing request made with a session. Bearer-token requests and API
 * requests without any session need none: the browser cannot be tricked into sending a token, and a
 * request without a session is anonymous anyway (answered 401). Sessions end after 30 minutes idle
 * ({@code server.servlet.session.timeout}); a user's sessions are ended when an administrator disables
 * them, changes their roles or resets their password ({@link Sessions}).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfig {
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Bean
    public PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * No tracing of Spring Security's own filters, authentications and authorisations. Setting
     * {@code management.observations.enable.spring.security=false} only turns each of those observations into a
     * no-op after it is made — per filter, per request — which still cost ~10% of a small API call's CPU under
     * load; with this the filters are not wrapped at all.
     */
    @Bean
    public SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    public SessionRegistry sessionRegistry() {
        return new SessionRegistryImpl();
    }

    /** Tells the session registry when the servlet container ends a session (timeout, logout). */
    @Bean
    public HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }

    /**
     * The pure public reads — the calculator and the policies — in their own chain without a session, CSRF
     * token, request cache or sign-in: they neither depend on nor change who is signed in, so the main chain's
     * per-request work (session lookup, CSRF cookie, saved request, bearer token check) is skipped. The same
     * security headers as every other answer. Public endpoints that write (registration, objections) stay in
     * the main chain, where a signed-in caller is still recognised and audited as such.
     */
    @Bean
    @Order(1)
    public SecurityFilterChain publicReadChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/public/calculate", "/api/public/policies", "/api/public/policies/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .requestCache(r -> r.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .logout(l -> l.disable())
                .headers(SecurityConfig::headers);
        return http.build();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain filterChain(
            HttpSecurity http, ApiTokens tokens, UserStore users, SessionRegistry sessions, ApplicationContext context)
            throws Exception {
        RequestMatcher bearer = SecurityConfig::isBearer;
        RequestMatcher sessionlessApi = r -> isApi(r) && r.getSession(false) == null;
        LoginUrlAuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
        AccessDeniedHandlerImpl pageDenied = new AccessDeniedHandlerImpl();
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
                                "/error",
                                "/",
                                "/webjars/**",
                                "/css/**",
                                "/js/**",
                                "/policies",
                                "/policies/**",
                                "/calculator",
                                "/calculator/**",
                                "/publicity",
                                "/publicity/**",
                                "/register")
                        .permitAll()
                        // an anonymous request for an address no controller has: on to MVC's 404, not to sign-in
                        .requestMatchers(new UnknownAddresses(context))
                        .permitAll()
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .authenticated())
                .formLogin(f ->
                        f.loginPage("/login").successHandler(new LandingPage()).permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessHandler((req, res, auth) -> {
                    if (wantsJson(req)) {
                        res.setStatus(HttpStatus.NO_CONTENT.value());
                    } else {
                        res.sendRedirect(req.getContextPath() + "/login?logout");
                    }
                }))
                .csrf(c -> c.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new CookieIssuingCsrfHandler())
                        .ignoringRequestMatchers(bearer, sessionlessApi)
                        .ignoringRequestMatchers("/api/auth/token", "/api/public/**")
                        // an upload that cannot be read (too large) is refused by MVC before any controller
                        .ignoringRequestMatchers(new UnreadableUploads()))
                .addFilterBefore(new ApiTokenFilter(tokens, users), BasicAuthenticationFilter.class)
                // entry points by path (not one overall entry point, which would turn off the default login page)
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                (req, res, ex) ->
                                        write(res, HttpStatus.UNAUTHORIZED, "auth.required", "请先登录", "sign in first"),
                                SecurityConfig::isApi)
                        .defaultAuthenticationEntryPointFor(loginPage, r -> !isApi(r))
                        .accessDeniedHandler((req, res, ex) -> {
                            if (!isApi(req)) {
                                pageDenied.handle(req, res, ex);
                            } else if (ex instanceof CsrfException) {
                                write(
                                        res,
                                        HttpStatus.FORBIDDEN,
                                        "csrf.invalid",
                                        "缺少或无效的 CSRF 令牌：请在 X-XSRF-TOKEN 请求头中带上 XSRF-TOKEN Cookie 的值（若为提交表单，请刷新页面后重试）",
                                        "missing or invalid CSRF token: send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header"
                                                + " (for a form, reload the page and retry)");
                            } else {
                                write(
                                        res,
                                        HttpStatus.FORBIDDEN,
                                        "access.denied",
                                        "无权执行此操作或查看此数据",
                                        "you are not allowed to do this or see this data");
                            }
                        }))
                .sessionManagement(
                        s -> s.sessionFixation(f -> f.changeSessionId()).sessionConcurrency(c -> c.maximumSessions(-1)
                                .sessionRegistry(sessions)
                                .expiredSessionStrategy(ev -> {
                                    if (isApi(ev.getRequest())) {
                                        write(
                                                ev.getResponse(),
                                                HttpStatus.UNAUTHORIZED,
                                                "auth.session_ended",
                                                "会话已结束（账户已被管理员修改、停用或重置密码），请重新登录",
                                                "the session was ended (the account was changed, disabled or its"
                                                        + " password reset); sign in again");
                                    } else {
                                        ev.getResponse()
                                                .sendRedirect(ev.getRequest().getContextPath() + "/login?expired");
                                    }
                                })))
                .headers(SecurityConfig::headers);
        return http.build();
    }

    /**
     * The security headers of every answer: CSP, referrer policy, no framing, no camera/microphone/location
     * ({@link SecurityHeaders#writers()} writes the same outside the filter chain).
     */
    static void headers(HeadersConfigurer<HttpSecurity> h) {
        h.contentSecurityPolicy(c -> c.policyDirectives(SecurityHeaders.CONTENT_SECURITY_POLICY))
                .referrerPolicy(r -> r.policy(SecurityHeaders.REFERRER_POLICY))
                .frameOptions(f -> f.deny())
                .permissionsPolicyHeader(p -> p.policy(SecurityHeaders.PERMISSIONS_POLICY));
    }

    /**
     * After sign-in: back to the page that asked for it, else where the person works — applicants to their
     * portal, the IP office to the workbench, finance to its pages, the others to administration.
     */
    static final class LandingPage
            extends org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler {
        @Override
        protected String determineTargetUrl(HttpServletRequest req, HttpServletResponse res) {
            Object principal = org.springframework.security.core.context.SecurityContextHolder.getContext()
                    .getAuthentication()
                    .getPrincipal();
            if (!(principal instanceof UserAccount u)) {
                return "/";
            }
            if (u.has(Role.APPLICANT)) {
                return "/portal";
            }
            if (u.has(Role.ACCEPTOR) || u.has(Role.REVIEWER) || u.has(Role.APPROVER)) {
                return "/workbench";
            }
            if (u.has(Role.FINANCE)) {
                return "/finance";
            }
            return "/admin";
        }
    }

    /**
     * Resolves the CSRF token from the header or form field as given (not masked), and makes sure every
     * response to a browser carries the {@code XSRF-TOKEN} cookie so a script can send it back.
     */
    static final class CookieIssuingCsrfHandler extends CsrfTokenRequestAttributeHandler {
        @Override
        public void handle(HttpServletRequest req, HttpServletResponse res, Supplier<CsrfToken> token) {
            super.handle(req, res, token);
            if (!isBearer(req)) {
                token.get();
            }
        }
    }

    /** Writes a problem+json answer in the same shape as {@link ProblemHandler}'s (properties at the top level). */
    static void write(HttpServletResponse res, HttpStatus status, String key, String zh, String en) throws IOException {
        ProblemDetail p = ProblemHandler.problem(status, key, zh, en, List.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(p.getType()));
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        if (p.getProperties() != null) {
            body.putAll(p.getProperties());
        }
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write(JSON.writeValueAsString(body));
    }

    static boolean isApi(HttpServletRequest r) {
        return r.getRequestURI().startsWith(r.getContextPath() + "/api/");
    }

    static boolean isBearer(HttpServletRequest r) {
        String h = r.getHeader("Authorization");
        return h != null && h.startsWith("Bearer ");
    }

    private static boolean wantsJson(HttpServletRequest r) {
        String accept = r.getHeader("Accept");
        return accept != null && accept.contains("json") && !accept.contains("text/html");
    }
}
