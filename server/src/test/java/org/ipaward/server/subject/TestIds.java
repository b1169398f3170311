package org.ipaward.server.subject;

import java.security.SecureRandom;
import java.time.LocalDate;
import org.ipaward.server.subject.ids.PatentNumbers;
import org.ipaward.server.subject.ids.ResidentId;
import org.ipaward.server.subject.ids.Uscc;

/**
 * Fresh valid identifiers for integration tests (all test classes share one database, and USCCs and ID
 * numbers are unique there, so fixed samples could only be used once).
 */
public final class TestIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestIds() {}

    /** A valid enterprise USCC registered in a region. */
    /** A random invention patent number of 2023 with its check digit (ZC 0006-2003): {@code ZL2023 1 nnnnnnn.c}. */
    public static String patentNumber() {
        StringBuilder digits = new StringBuilder("20231");
        for (int i = 0; i < 7; i++) {
            digits.append(RANDOM.nextInt(10));
        }
        return "ZL" + digits + "." + PatentNumbers.checkChar(digits.toString());
    }

    public static String uscc(String region) {
        return uscc("91", region);
    }

    /** A valid USCC with the given authority and category characters (e.g. "91", "12", "52"). */
    public static String uscc(String prefix, String region) {
        StringBuilder b = new StringBuilder(prefix).append(region);
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        for (int i = 0; i < 9; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.append(Uscc.checkChar(b.toString())).toString();
    }

    /** A well-formed USCC whose check character is wrong (accepted with a warning). */
    public static String usccWithBadCheck(String region) {
        String good = uscc(region);
        char right = good.charAt(17);
        char wrong = right == '0' ? '1' : '0';
        return good.substring(0, 17) + wrong;
    }

    /** A valid resident ID number with household registration in a region. */
    public static String idNumber(String region) {
        LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(RANDOM.nextInt(365 * 50));
        String first17 = region
                + String.format("%04d%02d%02d", birth.getYear(), birth.getMonthValue(), birth.getDayOfMonth())
                + String.format("%03d", RANDOM.nextInt(1000));
        return first17 + ResidentId.checkChar(first17);
    }

    /** A mobile number. */
    public static String mobile() {
        return "139" + String.format("%08d", RANDOM.nextInt(100_000_000));
    }

    /** A 19-digit bank card number. */
    public static String bankAccount() {
        return "6222" + String.format("%015d", Math.floorMod(RANDOM.nextLong(), 1_000_000_000_000_000L));
    }
}
