package org.ipaward.server.export;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/**
 * A download's {@code Content-Disposition: attachment} header per RFC 6266: {@code filename*} carries the
 * name a person reads (UTF-8, percent-encoded per RFC 8187), and {@code filename} a plain ASCII name for
 * clients that do not read {@code filename*}, instead of an RFC 2047 encoded word they would show as is.
 */
public final class Attachment {
    /** Longest name kept, in code points, before the extension. */
    private static final int MAX_NAME = 100;

    private Attachment() {}

    /**
     * The header value for {@code name} (made safe: characters file systems refuse become {@code _}) with the
     * ASCII fallback {@code asciiName} (anything outside letters, digits, {@code - _ .} becomes {@code _}).
     */
    public static String header(String name, String asciiName) {
        return "attachment; filename=\"" + ascii(asciiName) + "\"; filename*=UTF-8''"
                + UriUtils.encode(safe(name), StandardCharsets.UTF_8);
    }

    /** A file name with path separators, reserved characters and control characters replaced by {@code _}. */
    public static String safe(String name) {
        String s = name.strip().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        int dot = s.lastIndexOf('.');
        String base = dot > 0 ? s.substring(0, dot) : s;
        String ext = dot > 0 ? s.substring(dot) : "";
        if (base.codePointCount(0, base.length()) > MAX_NAME) {
            base = base.substring(0, base.offsetByCodePoints(0, MAX_NAME));
        }
        return base + ext;
    }

    static String ascii(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
