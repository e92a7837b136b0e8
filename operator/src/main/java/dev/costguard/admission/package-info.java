/**
 * Admission of batch and training jobs by money: a job labelled {@code costguard.dev/budget} and
 * created suspended starts only when its budget's remaining money covers its estimated cost. The
 * estimate and the queue are pure ({@link dev.costguard.admission.JobCostEstimate}, {@link
 * dev.costguard.admission.AdmissionPlanner}); {@link dev.costguard.admission.AdmissionExecution}
 * writes through the one workload patcher.
 */
package dev.costguard.admission;
