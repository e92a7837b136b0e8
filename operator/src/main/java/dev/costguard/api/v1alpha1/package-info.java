/**
 * The custom resources of {@code costguard.dev/v1alpha1}: data only, no controller code. Field
 * descriptions here become {@code kubectl explain} text and are written for platform engineers.
 */
package dev.costguard.api.v1alpha1;
