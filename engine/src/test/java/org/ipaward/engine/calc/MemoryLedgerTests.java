package org.ipaward.engine.calc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipaward.engine.BundledPolicies;
import org.ipaward.engine.model.SubjectKind;
import org.junit.jupiter.api.Test;

class MemoryLedgerTests {
    /** Entries over two policies, four subjects, three years, two measures and an object key. */
    private static List<LedgerEntry> entries() {
        List<LedgerEntry> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            out.add(new LedgerEntry(
                    i % 5 == 0 ? "other" : "pinggu-2025",
                    i % 3 == 0 ? "PG-insurance" : "PG-pledge",
                    "S" + (i % 4),
                    2023 + i % 3,
                    new BigDecimal(1000 + i).movePointLeft(i % 3),
                    i % 2 == 0 ? Map.of("case_number", "C" + (i % 7)) : Map.of()));
        }
        return out;
    }

    private static List<Ledger.Scope> scopes() {
        List<Ledger.Scope> out = new ArrayList<>();
        for (String subject : new String[] {null, "S0", "S3", "nobody"}) {
            for (Integer year : new Integer[] {null, 2024}) {
                for (Map<String, String> keys : List.of(Map.<String, String>of(), Map.of("case_number", "C2"))) {
                    out.add(new Ledger.Scope("pinggu-2025", List.of("PG-pledge"), subject, year, keys));
                    out.add(new Ledger.Scope("pinggu-2025", List.of("PG-pledge", "PG-insurance"), subject, year, keys));
                    out.add(new Ledger.Scope("absent", List.of("PG-pledge"), subject, year, keys));
                }
            }
        }
        return out;
    }

    /** The plain scan every in-memory ledger must agree with. */
    private static List<LedgerEntry> scan(List<LedgerEntry> all, Ledger.Scope scope) {
        return all.stream().filter(scope::contains).toList();
    }

    @Test
    void indexedLedgerAnswersEveryScopeAsAScanDoes() {
        List<LedgerEntry> all = entries();
        MemoryLedger added = Ledger.indexed();
        all.forEach(added::add);
        Ledger snapshot = Ledger.of(all); // more than 16 entries: indexed too
        Ledger small = Ledger.of(all.subList(0, 10)); // scanned
        assertThat(added.size()).isEqualTo(all.size());
        for (Ledger.Scope scope : scopes()) {
            List<LedgerEntry> expected = scan(all, scope);
            BigDecimal sum = expected.stream().map(LedgerEntry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(added.entries(scope)).as("%s", scope).containsExactlyElementsOf(expected);
            assertThat(added.used(scope)).as("%s", scope).isEqualTo(sum);
            assertThat(snapshot.entries(scope)).as("%s", scope).containsExactlyElementsOf(expected);
            assertThat(snapshot.used(scope)).as("%s", scope).isEqualTo(sum);
            assertThat(added.years(scope)).isEqualTo(snapshot.years(scope));
            assertThat(small.entries(scope)).containsExactlyElementsOf(scan(all.subList(0, 10), scope));
        }
    }

    @Test
    void capsSeeWhatIsAddedAsTheReplayGoes() {
        Calculator calculator = new Calculator(BundledPolicies.get());
        Subject subject = new Subject("S-PG", null, SubjectKind.ENTERPRISE, "110117", null, List.of(), null);
        MemoryLedger ledger = Ledger.indexed();
        List<BigDecimal> amounts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Claim claim = new Claim(
                    null,
                    "pinggu-2025",
                    "PG-pledge",
                    2025,
                    Map.of(
                            "right_kind",
                            "patent",
                            "first_rights_holder",
                            true,
                            "bank_loan",
                            true,
                            "loan_interest",
                            new BigDecimal("260000")),
                    null,
                    null);
            ClaimResult r = calculator
                    .calculate(new CalculationRequest(
                            LocalDate.of(2026, 3, 1), subject, List.of(claim), ledger, Map.of(), false))
                    .results()
                    .get(0);
            amounts.add(r.amount());
            if (r.ledgerEntry() != null) {
                ledger.add(r.ledgerEntry());
            }
        }
        // 130,000 a claim against the 300,000 yearly cap: the third gets what is left, 40,000.
        assertThat(amounts)
                .containsExactly(new BigDecimal("130000.00"), new BigDecimal("130000.00"), new BigDecimal("40000.00"));
        assertThat(ledger.size()).isEqualTo(3);
    }
}
