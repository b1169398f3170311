package org.ipaward.server.subject.ids;

import java.util.Set;

/**
 * Administrative division codes (行政区划代码, GB/T 2260): six digits whose first two name a province-level
 * division. Only that much is checked — the full list of counties changes every year and is not kept here — so a
 * code such as 999999 is refused while a real county's code is always accepted.
 */
public final class RegionCodes {
    private RegionCodes() {}

    /** The province-level prefixes: 11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门. */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82");

    /** Whether a 6-digit code starts with a province-level prefix. */
    public static boolean knownProvince(String sixDigits) {
        return sixDigits != null && sixDigits.length() == 6 && PROVINCES.contains(sixDigits.substring(0, 2));
    }
}
