package org.ipaward.server.subject.ids;

import java.util.List;

/**
 * Made-up identifiers that pass the checks, for tests and the demo data. None belongs to a real
 * organisation or person: the organisation codes inside the USCCs and the sequence numbers in the ID
 * numbers were chosen for the purpose and the check characters computed (SampleIdsTest re-checks them).
 */
public final class SampleIds {
    private SampleIds() {}

    /** Enterprises registered in 北京市平谷区 (region 110117). */
    public static final List<String> PINGGU_ENTERPRISES =
            List.of("91110117MA01K3N28E", "91110117MA04D7T80Q", "91110117102305673E", "91110117MA7E2L5Q5F");

    /** Enterprises registered in 浙江省金华市金东区 (region 330703). */
    public static final List<String> JINDONG_ENTERPRISES =
            List.of("91330703MA2HB1C48C", "91330703MA29RP6W4D", "9133070314745623X7");

    /** A public institution (事业单位, 1-2) in Pinggu. */
    public static final String PINGGU_INSTITUTION = "121101174008531253";

    /** A private non-enterprise unit (民办非企业单位, 5-2) in Jindong. */
    public static final String JINDONG_OTHER_ORG = "52330703MJ9C52165F";

    /**
     * Well-formed, but the check character is wrong (should be E): accepted with the warning
     * {@code uscc.check_failed}, like an early pilot-area code.
     */
    public static final String USCC_BAD_CHECK = "91110117MA01K3N28F";

    /** Resident ID numbers of people with household registration in Pinggu. */
    public static final List<String> PINGGU_PERSONS = List.of("110117198503120034", "11011719780105152X");

    /** Resident ID numbers of people with household registration in Jindong. */
    public static final List<String> JINDONG_PERSONS = List.of("330703199207180040", "33070319660923081X");

    /** The example of GB 11643-1999 itself (the masking example {@code 1101**********002X}). */
    public static final String STANDARD_EXAMPLE_ID = "11010519491231002X";

    /** A patent number from the issue, an invention filed in 2020. */
    public static final String PATENT_INVENTION_2020 = "ZL202010566088.9";

    public static final String PATENT_INVENTION = "ZL202310123456.6";
    public static final String PATENT_UTILITY_MODEL = "ZL202320345678.8";
    public static final String PATENT_DESIGN = "ZL202330567890.4";
    /** An invention application whose check digit is X. */
    public static final String PATENT_INVENTION_CHECK_X = "202410112257.X";
    /** A PCT invention application entering China. */
    public static final String PATENT_PCT_INVENTION = "202480012345.0";
    /** An old (pre-October 2003) 8-digit invention number. */
    public static final String PATENT_OLD_INVENTION = "ZL99123456.1";
    /** An old 8-digit utility model number from 2001. */
    public static final String PATENT_OLD_UTILITY_MODEL = "ZL01201234.3";
}
