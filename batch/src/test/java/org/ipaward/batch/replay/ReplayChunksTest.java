package org.ipaward.batch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.ipaward.batch.claims.ClaimRow;
import org.ipaward.batch.gen.RoundGenerator;
import org.junit.jupiter.api.Test;

/**
 * The replay's main-thread steps (partitioning, totals) split into small runs on several threads give exactly
 * the one-run result: the same outcomes, amounts with the same scales, applicants in the same order.
 */
class ReplayChunksTest {
    static final List<ClaimRow> ROWS = new ArrayList<>();

    static {
        RoundGenerator.bundled(List.of("pinggu-2025", "jindong-2023"), 5).generate(2500, ROWS::add);
    }

    static ReplayResult run(Budget b, int threads, int minChunk) {
        return Replay.run(ReplayTest.POLICIES, ROWS, new Replay.Options(b, ReplayTest.AS_OF, threads), null, minChunk);
    }

    static void assertSame(ReplayResult got, ReplayResult want) {
        assertThat(got.outcomes()).isEqualTo(want.outcomes());
        assertThat(got.byStatus()).isEqualTo(want.byStatus());
        assertThat(got.needed().toString()).isEqualTo(want.needed().toString());
        assertThat(got.committed().toString()).isEqualTo(want.committed().toString());
        assertThat(got.paid().toString()).isEqualTo(want.paid().toString());
        assertThat(got.factor()).isEqualTo(want.factor());
        assertThat(got.refusedApplications()).isEqualTo(want.refusedApplications());
        assertThat(got.refusedClaims()).isEqualTo(want.refusedClaims());
        assertThat(got.measures()).isEqualTo(want.measures());
        assertThat(got.categories()).isEqualTo(want.categories());
        assertThat(List.copyOf(got.applicants().values()))
                .isEqualTo(List.copyOf(want.applicants().values()));
        assertThat(got.partitions()).isEqualTo(want.partitions());
    }

    @Test
    void totals_and_partitions_counted_in_small_runs_on_threads_equal_one_run() {
        ReplayResult free = run(Budget.none(), 1, Chunks.MIN_CHUNK);
        BigDecimal tight = free.needed().multiply(new BigDecimal("0.3")).setScale(2, java.math.RoundingMode.DOWN);
        for (Budget b :
                List.of(Budget.none(), new Budget(Budget.Rule.PRO_RATA, tight), new Budget(Budget.Rule.STOP, tight))) {
            ReplayResult whole = run(b, 2, Integer.MAX_VALUE); // one run each: the reference
            assertThat(whole.partitions()).isGreaterThan(100);
            for (int threads : new int[] {2, 3, 4}) {
                for (int minChunk : new int[] {1, 7, 100}) {
                    assertSame(run(b, threads, minChunk), whole);
                }
            }
            ReplayResult seq = run(b, 1, Chunks.MIN_CHUNK);
            assertThat(seq.outcomes()).isEqualTo(whole.outcomes());
            assertThat(seq.paid().toString()).isEqualTo(whole.paid().toString());
            assertThat(List.copyOf(seq.applicants().values()))
                    .isEqualTo(List.copyOf(whole.applicants().values()));
        }
    }

    @Test
    void chunks_cover_every_item_once_in_order() {
        for (int n : new int[] {0, 1, 5, 100, 1001}) {
            for (int threads : new int[] {1, 2, 4}) {
                List<int[]> ranges = Chunks.map(n, threads, 3, (from, to) -> new int[] {from, to});
                int next = 0;
                for (int[] r : ranges) {
                    assertThat(r[0]).isEqualTo(next);
                    assertThat(r[1]).isGreaterThanOrEqualTo(r[0]);
                    next = r[1];
                }
                assertThat(next).isEqualTo(n);
            }
        }
    }

    @Test
    void the_outcome_list_finds_each_claims_application() {
        ReplayResult r = run(Budget.none(), 2, 10);
        List<ClaimOutcome> out = r.outcomes();
        assertThat(out).hasSize(ROWS.size());
        for (int i = 1; i < out.size(); i++) {
            ClaimOutcome a = out.get(i - 1);
            ClaimOutcome b = out.get(i);
            if (a.applicationNo().equals(b.applicationNo())) {
                assertThat(b.claimSeq()).isGreaterThan(a.claimSeq());
            }
        }
        assertThat(new ArrayList<>(out)).isEqualTo(out);
    }

    @Test
    void partitions_numbered_on_threads_equal_the_one_pass_over_applications() {
        List<List<ClaimRow>> apps = Replay.applications(Replay.submissionOrder(ROWS));
        // each row with its own copy of the subject id: nodes are matched by their text, not by the same string
        List<ClaimRow> rows = new ArrayList<>();
        List<List<ClaimRow>> copies = new ArrayList<>();
        int[] first = new int[apps.size()];
        int[] end = new int[apps.size()];
        for (int a = 0; a < apps.size(); a++) {
            first[a] = rows.size();
            List<ClaimRow> copy = new ArrayList<>();
            for (ClaimRow r : apps.get(a)) {
                copy.add(new ClaimRow(
                        r.applicationNo(),
                        r.submittedAt(),
                        r.claimSeq(),
                        new String(r.subjectId()),
                        r.subjectName(),
                        r.subjectKind(),
                        r.registeredRegion(),
                        r.householdRegion(),
                        r.servedRegions(),
                        r.muGrade(),
                        r.policy(),
                        r.measure(),
                        r.matterYear(),
                        r.facts(),
                        r.materials(),
                        r.awarded()));
            }
            rows.addAll(copy);
            copies.add(copy);
            end[a] = rows.size();
        }
        Partitioning p = new Partitioning(ReplayTest.POLICIES);
        int[] want = p.assign(copies);
        int parts = Partitioning.count(want);
        assertThat(parts).isGreaterThan(100).isLessThan(apps.size()); // subjects and shared objects join applications
        boolean crossJoined = false;
        for (ClaimRow r : rows) {
            crossJoined |= !p.crossNodes(r).isEmpty();
        }
        assertThat(crossJoined).isTrue();
        ClaimRow[] array = rows.toArray(new ClaimRow[0]);
        for (int threads : new int[] {1, 2, 3, 4}) {
            for (int minChunk : new int[] {1, 7, 100, Integer.MAX_VALUE}) {
                assertThat(p.assign(array, first, end, threads, minChunk)).isEqualTo(want);
            }
        }
    }
}
