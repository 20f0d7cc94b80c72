/**
 * Loads every kind-specific describer: each module registers its kinds with
 * registerDescriber when imported. One import per file, kept sorted.
 */
import './certificate-signing-request.js';
import './configmap.js';
import './csi-node.js';
import './endpoints.js';
import './horizontal-pod-autoscaler.js';
import './ingress.js';
import './namespace.js';
import './network-policy.js';
import './node.js';
import './persistent-volume.js';
import './pod-disruption-budget.js';
import './pod.js';
import './priority-class.js';
import './rbac.js';
import './resource-quota.js';
import './secret.js';
import './service-cidr.js';
import './service.js';
import './serviceaccount.js';
import './storage-class.js';
import './workloads.js';
