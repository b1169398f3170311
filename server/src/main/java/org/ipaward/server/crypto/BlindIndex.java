package org.ipaward.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import org.springframework.stereotype.Component;

/**
 * A keyed hash (HMAC-SHA256, 64 hex characters) of a sensitive value, for exact-match lookup and
 * uniqueness without decrypting. The key is derived from the data key, so the index cannot be rebuilt or
 * brute-forced from a database copy alone. Callers normalise values first (trimmed, upper case X).
 */
@Component
public class BlindIndex {
    private final DataKey key;

    public BlindIndex(DataKey key) {
        this.key = key;
    }

    public String of(String value) {
        if (value == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key.blindIndexKey());
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
