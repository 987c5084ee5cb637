/** Internals of the error-page classifier: page text normalisation, the catalogue's JSON form and the matching. */
package org.gatewaydoctor.checks.http.edge.internal;
