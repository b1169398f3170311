package org.ipaward.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches a multipart request whose parts cannot be read — over the upload limits
 * ({@code spring.servlet.multipart.max-file-size} / {@code max-request-size}) or malformed — so that the CSRF
 * filter does not try to read its {@code _csrf} form field: reading it fails the same way, and the failure
 * escaped the filter chain as a 500 before any error handler could answer it.
 *
 * <p>Letting such a request past the CSRF check changes nothing: the container keeps the parse failure, so
 * Spring MVC's multipart resolution fails again in the DispatcherServlet before any controller is chosen
 * ({@code spring.servlet.multipart.resolve-lazily} is false), and {@code UploadLimitHandler} answers it — 400
 * {@code upload.too_large} naming the limit (or {@code upload.unreadable}), as a page or as problem+json. The
 * parts are parsed here exactly when the CSRF filter would have parsed them to read the token.
 */
final class UnreadableUploads implements RequestMatcher {
    @Override
    public boolean matches(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null || !type.regionMatches(true, 0, "multipart/", 0, 10)) {
            return false;
        }
        try {
            request.getParts();
            return false;
        } catch (Exception e) {
            return true;
        }
    }
}
