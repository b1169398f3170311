package org.ipaward.server.file;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.ipaward.server.error.ApiException;
import org.ipaward.server.error.ProblemHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

/**
 * An upload over the servlet container's multipart limit ({@code spring.servlet.multipart.max-file-size}) is
 * refused before {@link FileStore} sees it; answer it the same way as FileStore's own limit: 400
 * {@code upload.too_large} naming the limit — problem+json for API clients, the site's error page (with a link
 * back to the form) for pages. A multipart body that cannot be read at all is 400 {@code upload.unreadable}.
 * Such requests pass the CSRF filter unread ({@code UnreadableUploads}) and end here, before any controller.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UploadLimitHandler {
    private final long limit;

    public UploadLimitHandler(
            @Value("${ipaward.upload.max-bytes:20MB}") DataSize max,
            @Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize multipart) {
        this.limit = Math.min(max.toBytes(), multipart.toBytes());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public Object tooLarge(MaxUploadSizeExceededException e, HttpServletRequest req) {
        return answer(req, FileStore.tooLarge(null, limit));
    }

    @ExceptionHandler(MultipartException.class)
    public Object unreadable(MultipartException e, HttpServletRequest req) {
        return answer(
                req,
                ApiException.invalid(
                        "file",
                        null,
                        "upload.unreadable",
                        "上传内容无法读取（multipart/form-data 格式不正确），请重新选择文件上传",
                        "the upload could not be read (malformed multipart/form-data); choose the file and upload"
                                + " again"));
    }

    private static Object answer(HttpServletRequest req, ApiException e) {
        Object out = ProblemHandler.respond(req, e);
        if (out instanceof ModelAndView page) {
            page.setStatus(HttpStatus.BAD_REQUEST);
            page.addObject("back", back(req));
        }
        return out;
    }

    /** The page the form was on (the Referer, when it is this site's), as a path; {@code null} otherwise. */
    static String back(HttpServletRequest req) {
        String referer = req.getHeader("Referer");
        if (referer == null) {
            return null;
        }
        try {
            URI u = URI.create(referer);
            if (u.getHost() == null
                    || !u.getHost().equalsIgnoreCase(req.getServerName())
                    || u.getPort() != req.getServerPort() && u.getPort() != -1
                    || u.getRawPath() == null
                    || !u.getRawPath().startsWith("/")
                    || u.getRawPath().startsWith("//")) {
                return null;
            }
            return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } catch (IllegalArgumentException x) {
            return null;
        }
    }
}
