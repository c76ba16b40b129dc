/// The `ai-infra-baseline` pack: the network-segmentation baseline of a GPU cluster running
/// Kubernetes. Each rule's `references` name the public practice it encodes.
enum AIInfraBaseline {
    static let pack = IntentPack(name: "ai-infra-baseline", text: text, storageRule: "storage-protocols-only")

    static let text = """
        # ai-infra-baseline: segmentation every GPU cluster running Kubernetes should hold.
        # Zones are found from labels and fabric roles; an intents file that defines a zone of the
        # same name replaces it (for example `management` or `vault-clients`). Control-plane ports are
        # judged where Kubernetes traffic runs: the Kubernetes networks and the front-end plane.
        apiVersion: interlock.dev/v1
        kind: SegmentationIntents
        metadata: {name: ai-infra-baseline}
        spec:
          zones:
          - {name: control-plane, builtin: control-plane, description: "Kubernetes control-plane nodes and components"}
          - {name: api-servers, builtin: api-servers, description: "kube-apiserver instances"}
          - {name: etcd, builtin: etcd, description: "etcd members"}
          - {name: cluster-nodes, builtin: nodes, description: "every Kubernetes node and fabric host"}
          - {name: pods, builtin: pods, description: "every pod on a Kubernetes network"}
          - {name: management, builtin: management, description: "head and management nodes"}
          - {name: compute-nodes, builtin: compute-nodes, description: "GPU nodes"}
          - {name: oob, builtin: oob, description: "the out-of-band network: management ports and BMCs"}
          - {name: storage-plane, plane: storage, description: "every interface on the storage network"}
          - {name: external, builtin: external, description: "addresses outside the cluster"}
          - {name: registry, builtin: registry, description: "container image registries"}
          - {name: secrets-vault, builtin: secrets-vault, description: "secrets vaults"}
          - {name: vault-clients, builtin: control-plane, description: "who may reach the vault; define this zone to list them"}
          rules:
          - id: kube-apiserver-access
            allowOnly: {to: api-servers, traffic: TCP/6443, from: [cluster-nodes, pods, management, control-plane]}
            on: [kubernetes, frontend]
            severity: high
            description: "The Kubernetes API server (TCP 6443) is reached only from inside the cluster and from management hosts."
            references:
            - "Kubernetes documentation, Ports and Protocols: TCP 6443 is the API server, used by the cluster's components and clients"
            - "NSA/CISA Kubernetes Hardening Guidance: keep the API server off the internet and behind network controls"
          - id: etcd-from-api-servers
            allowOnly: {to: etcd, traffic: TCP/2379-2380, from: [api-servers, etcd]}
            on: [kubernetes, frontend]
            severity: high
            description: "etcd's client and peer ports (TCP 2379-2380) are reached only by the API servers and the other etcd members."
            references:
            - "Kubernetes documentation, Ports and Protocols: TCP 2379-2380 (etcd server client API) is used by kube-apiserver and etcd"
            - "NSA/CISA Kubernetes Hardening Guidance: etcd is isolated behind a firewall so that only the API servers reach it"
            - "CIS Kubernetes Benchmark, section 2 (etcd): etcd serves only authenticated clients, the API servers"
          - id: kubelet-api
            allowOnly: {to: cluster-nodes, traffic: TCP/10250, from: [control-plane, management]}
            on: [kubernetes, frontend]
            severity: high
            description: "The kubelet API (TCP 10250) is reached only from the control plane."
            references:
            - "Kubernetes documentation, Ports and Protocols: TCP 10250 (Kubelet API) is used by the node itself and the control plane"
            - "NSA/CISA Kubernetes Hardening Guidance: restrict network access to the kubelet"
          - id: scheduler-controller-manager-local
            allowOnly: {to: control-plane, traffic: [TCP/10257, TCP/10259], from: [control-plane]}
            on: [kubernetes, frontend]
            severity: medium
            description: "kube-controller-manager (TCP 10257) and kube-scheduler (TCP 10259) serve only their own node."
            references:
            - "Kubernetes documentation, Ports and Protocols: TCP 10257 and 10259 are used by Self only"
            - "CIS Kubernetes Benchmark, sections 1.3 and 1.4: controller-manager and scheduler bind to the loopback address"
          - id: oob-only-from-management
            allowOnly: {to: oob, from: [management]}
            severity: high
            description: "The out-of-band network (BMCs and management ports) is reached only from the management zone."
            references:
            - "NVIDIA DGX SuperPOD reference architecture: a separate out-of-band management network for BMCs and switch management ports"
            - "NSA/CISA, Hardening Baseboard Management Controllers (2023): BMCs on a dedicated network reachable only by administrators"
          - id: storage-protocols-only
            allowOnly:
              to: storage-plane
              ports: [TCP/2049, TCP/20049, TCP/988, TCP/1191, TCP/443, UDP/4791]
            severity: high
            description: "The storage network carries storage protocols only: NFS (TCP 2049), NFS over RDMA (20049), Lustre (TCP 988; o2ib on InfiniBand is RDMA and shares the partition), GPFS (TCP 1191), S3 (HTTPS 443) and GPUDirect Storage over RoCEv2 (UDP 4791), plus the pack use's storageProtocols."
            references:
            - "NVIDIA DGX SuperPOD reference architecture: a dedicated storage fabric, separate from the compute and in-band networks"
            - "IANA service name and port registry: nfs 2049, nfsrdma 20049, roce 4791; Lustre operations manual: LNet's TCP acceptor on port 988; IBM Storage Scale: GPFS daemon port 1191"
            - "NVIDIA GPUDirect Storage design guide: storage traffic over RDMA (RoCEv2, UDP 4791) or InfiniBand"
          - id: tenant-isolation
            deny: {between: tenants}
            severity: high
            description: "Tenants do not reach each other: on the pod network (NetworkPolicy, admin policies) and on the compute fabric (InfiniBand partitions or Ethernet VRFs)."
            references:
            - "Kubernetes documentation, Multi-tenancy: isolate tenants' namespaces with network policies"
            - "NSA/CISA Kubernetes Hardening Guidance: network policies to isolate namespaces and workloads"
            - "InfiniBand Architecture Specification vol. 1, Partitioning: ports communicate only within a shared partition"
          - id: compute-nodes-private
            deny: {from: external, to: compute-nodes}
            severity: high
            description: "Compute nodes are on private networks: nothing outside the cluster opens connections to them."
            references:
            - "NVIDIA DGX SuperPOD reference architecture: compute, storage and management fabrics are internal; users enter through login or management nodes"
            - "NSA/CISA Kubernetes Hardening Guidance: worker nodes are not exposed to the internet"
          - id: registry-access
            allowOnly: {to: registry, from: [cluster-nodes, management, control-plane]}
            severity: medium
            description: "Image registries are reached only by the nodes' container runtimes and by management hosts."
            references:
            - "NIST SP 800-190, Application Container Security Guide: restrict and secure connections to registries"
          - id: secrets-vault-access
            allowOnly: {to: secrets-vault, from: [vault-clients]}
            severity: medium
            description: "The secrets vault is reached only by the zones that need secrets (define zone vault-clients)."
            references:
            - "HashiCorp Vault production hardening guide: allow network access to Vault only from its clients"
            - "NSA/CISA Kubernetes Hardening Guidance: protect secrets and the systems that hold them"
        """
}
