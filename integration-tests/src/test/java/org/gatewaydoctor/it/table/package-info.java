/** The generated fault table of {@code docs/faults.md}, checked against what the whole-stack tests observed. */
package org.gatewaydoctor.it.table;
