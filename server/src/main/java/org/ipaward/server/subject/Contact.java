package org.ipaward.server.subject;

import java.util.regex.Pattern;

/** Phone numbers and bank accounts: normalised, then checked by shape. */
final class Contact {
    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
    private static final Pattern LANDLINE = Pattern.compile("0\\d{2,3}-?[1-9]\\d{6,7}(-\\d{1,6})?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{8,30}");

    private Contact() {}

    /** Spaces removed and a leading +86 dropped; the input when it is not a phone number at all. */
    static String normalisePhone(String s) {
        String v = s.strip().replace(" ", "").replace("\u00a0", "");
        if (v.startsWith("+86")) {
            v = v.substring(3);
            if (v.startsWith("-")) {
                v = v.substring(1);
            }
        }
        return v;
    }

    /** An 11-digit mobile number or a landline with its area code ({@code 010-61234567}, extension allowed). */
    static boolean isPhone(String normalised) {
        return MOBILE.matcher(normalised).matches()
                || LANDLINE.matcher(normalised).matches();
    }

    static String normaliseAccount(String s) {
        return s.strip().replace(" ", "").replace("-", "");
    }

    /** 8 to 30 digits. */
    static boolean isAccount(String normalised) {
        return ACCOUNT.matcher(normalised).matches();
    }
}
