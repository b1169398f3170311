package org.ipaward.server.round;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads loosely typed request values (number or string) and says exactly what is wrong with them. */
final class Inputs {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(SHANGHAI);
    static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(SHANGHAI);
    static final int MAX_MONEY_INTEGER_DIGITS = 14;

    private Inputs() {}

    /** An integer from a JSON number or a string of digits, or {@code null} if it is not one. */
    static Integer integer(Object v) {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Long || v instanceof BigInteger || v instanceof Short) {
            long l = ((Number) v).longValue();
            return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (int) l : null;
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.stripTrailingZeros().scale() <= 0 ? d.intValueExact() : null;
            } catch (ArithmeticException e) {
                return null;
            }
        }
        if (v instanceof String s && s.strip().matches("[+-]?\\d{1,9}")) {
            return Integer.parseInt(s.strip());
        }
        return null;
    }

    /** A decimal from a JSON number or a plain decimal string ("5000000.00"), or {@code null}. */
    static BigDecimal decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof BigInteger) {
            return new BigDecimal(v.toString());
        }
        if (v instanceof String s && s.strip().matches("[+-]?\\d{1,20}(\\.\\d{1,20})?")) {
            return new BigDecimal(s.strip());
        }
        return null;
    }

    /**
     * A moment from ISO-8601 with an offset ({@code 2026-03-01T09:00:00+08:00}, {@code …Z}) or a local
     * date and time read as Beijing time ({@code 2026-03-01T09:00}, {@code 2026-03-01 09:00}); {@code null}
     * if it is neither.
     */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        Instant out = null;
        try {
            out = OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                out = LocalDateTime.parse(t.replace(' ', 'T')).atZone(SHANGHAI).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        int year = out.atZone(SHANGHAI).getYear();
        return year < 2000 || year > 2100 ? null : out;
    }

    /** A moment as people read it here: {@code 2026-03-01 09:00}, Beijing time. */
    static String shown(Instant i) {
        return i == null ? null : SHOWN.format(i);
    }

    /** A moment as ISO-8601 with the +08:00 offset. */
    static String iso(Instant i) {
        return i == null ? null : ISO.format(i);
    }

    /** Money in yuan as a plain string with two decimals. */
    static String money(BigDecimal d) {
        return d == null ? null : d.setScale(2).toPlainString();
    }
}
