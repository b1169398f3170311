package org.ipaward.server.file;

import org.ipaward.server.error.ProblemHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload over the servlet container's multipart limit ({@code spring.servlet.multipart.max-file-size})
 * is refused before {@link FileStore} sees it; answer it the same way as FileStore's own limit: 400
 * {@code upload.too_large} naming the limit.
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
    public ResponseEntity<ProblemDetail> tooLarge(MaxUploadSizeExceededException e) {
        var ex = FileStore.tooLarge(null, limit);
        return ResponseEntity.badRequest()
                .body(ProblemHandler.problem(
                        HttpStatus.BAD_REQUEST, ex.key(), ex.messageZh(), ex.messageEn(), ex.errors()));
    }
}
