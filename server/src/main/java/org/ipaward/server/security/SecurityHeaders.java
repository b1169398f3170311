package org.ipaward.server.security;

import java.util.List;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.PermissionsPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;

/**
 * The security headers of every answer (see {@link SecurityConfig#headers}): Spring Security's defaults (no
 * sniffing, XSS auditor off, no caching, HSTS on HTTPS, no framing) plus the CSP, referrer and permissions
 * policies. {@link #writers()} gives the same headers, in the same order, to an answer written outside the
 * security filter chain (the public calculator's direct path).
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                    + "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    public static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()";
    public static final ReferrerPolicyHeaderWriter.ReferrerPolicy REFERRER_POLICY =
            ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN;

    private SecurityHeaders() {}

    /** Writers of the same headers {@link SecurityConfig#headers} configures, in Spring Security's order. */
    public static List<HeaderWriter> writers() {
        return List.of(
                new XContentTypeOptionsHeaderWriter(),
                new XXssProtectionHeaderWriter(),
                new CacheControlHeadersWriter(),
                new HstsHeaderWriter(),
                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY),
                new ContentSecurityPolicyHeaderWriter(CONTENT_SECURITY_POLICY),
                new ReferrerPolicyHeaderWriter(REFERRER_POLICY),
                new PermissionsPolicyHeaderWriter(PERMISSIONS_POLICY));
    }
}
