/**
 * Replay and matching at scale, framework-free: claim and profile files (CSV and XLSX, the columns staff
 * export), a generator of synthetic rounds and registers, the what-if replay of a round with ledger caps and
 * the round's budget rule, and bulk matching of a register against every measure in force. The command
 * ({@code ipaward simulate}, {@code ipaward match-all}), the Spark job and the server's export use it.
 */
package org.ipaward.batch;
