package org.ipaward.server.subject.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleIdsTest {
    @Test
    void sampleUsccsAreValidAndRegisteredInTheirDistricts() {
        assertThat(SampleIds.PINGGU_ENTERPRISES.size() + SampleIds.JINDONG_ENTERPRISES.size())
                .isGreaterThanOrEqualTo(6);
        for (String c : SampleIds.PINGGU_ENTERPRISES) {
            assertThat(Uscc.check(c).ok()).as(c).isTrue();
            assertThat(Uscc.region(c)).isEqualTo("110117");
            assertThat(c).startsWith("91");
        }
        for (String c : SampleIds.JINDONG_ENTERPRISES) {
            assertThat(Uscc.check(c).ok()).as(c).isTrue();
            assertThat(Uscc.region(c)).isEqualTo("330703");
        }
        assertThat(Uscc.check(SampleIds.PINGGU_INSTITUTION).ok()).isTrue();
        assertThat(Uscc.region(SampleIds.PINGGU_INSTITUTION)).isEqualTo("110117");
        assertThat(Uscc.check(SampleIds.JINDONG_OTHER_ORG).ok()).isTrue();
        List<String> all = new ArrayList<>(SampleIds.PINGGU_ENTERPRISES);
        all.addAll(SampleIds.JINDONG_ENTERPRISES);
        assertThat(all).doesNotHaveDuplicates();
    }

    @Test
    void theBadCheckSampleOnlyWarns() {
        IdCheck<String> r = Uscc.check(SampleIds.USCC_BAD_CHECK);
        assertThat(r.warning()).isTrue();
        assertThat(r.key()).isEqualTo("uscc.check_failed");
    }

    @Test
    void sampleIdNumbersAreValidAndLiveInTheirDistricts() {
        assertThat(SampleIds.PINGGU_PERSONS.size() + SampleIds.JINDONG_PERSONS.size())
                .isGreaterThanOrEqualTo(3);
        for (String n : SampleIds.PINGGU_PERSONS) {
            IdCheck<ResidentId.Parsed> r = ResidentId.check(n);
            assertThat(r.ok()).as(n).isTrue();
            assertThat(r.value().region()).isEqualTo("110117");
        }
        for (String n : SampleIds.JINDONG_PERSONS) {
            IdCheck<ResidentId.Parsed> r = ResidentId.check(n);
            assertThat(r.ok()).as(n).isTrue();
            assertThat(r.value().region()).isEqualTo("330703");
        }
        assertThat(ResidentId.check(SampleIds.STANDARD_EXAMPLE_ID).ok()).isTrue();
    }

    @Test
    void samplePatentNumbersAreValidAndOfTheirType() {
        assertThat(type(SampleIds.PATENT_INVENTION_2020)).isEqualTo(PatentType.INVENTION);
        assertThat(type(SampleIds.PATENT_INVENTION)).isEqualTo(PatentType.INVENTION);
        assertThat(type(SampleIds.PATENT_UTILITY_MODEL)).isEqualTo(PatentType.UTILITY_MODEL);
        assertThat(type(SampleIds.PATENT_DESIGN)).isEqualTo(PatentType.DESIGN);
        assertThat(type(SampleIds.PATENT_INVENTION_CHECK_X)).isEqualTo(PatentType.INVENTION);
        assertThat(type(SampleIds.PATENT_PCT_INVENTION)).isEqualTo(PatentType.PCT_INVENTION);
        assertThat(type(SampleIds.PATENT_OLD_INVENTION)).isEqualTo(PatentType.INVENTION);
        assertThat(type(SampleIds.PATENT_OLD_UTILITY_MODEL)).isEqualTo(PatentType.UTILITY_MODEL);
    }

    private static PatentType type(String n) {
        IdCheck<PatentNumbers.PatentNumber> r = PatentNumbers.check(n);
        assertThat(r.ok()).as(n).isTrue();
        return r.value().type();
    }
}
