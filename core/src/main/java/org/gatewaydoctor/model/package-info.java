/**
 * The diagnosis model: immutable records. A {@link org.gatewaydoctor.model.Diagnosis} holds the
 * verdict, the failing {@link org.gatewaydoctor.model.Layer hop}, the
 * {@link org.gatewaydoctor.model.RankedCause ranked causes} (each with a stable
 * {@link org.gatewaydoctor.model.CauseCode code}, {@link org.gatewaydoctor.model.Evidence evidence} and
 * remediation), one {@link org.gatewaydoctor.model.CheckReport report} per check, discovery issues and
 * a timeline. Collections are unmodifiable copies; text in evidence is already redacted. A check's result
 * names the sources it could not read whole as {@link org.gatewaydoctor.model.Gap}s; a diagnosis with a
 * gap is never {@link org.gatewaydoctor.model.Verdict#HEALTHY}. Every finding and ranked cause says what
 * it rests on ({@link org.gatewaydoctor.model.Basis}: observed, or a configuration risk), and the
 * diagnosis draws the request path hop by hop ({@link org.gatewaydoctor.model.PathHop}).
 */
package org.gatewaydoctor.model;
