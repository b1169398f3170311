/** The replay and the matching of module batch as an Apache Spark job. */
package org.ipaward.spark;
