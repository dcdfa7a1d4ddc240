"""e-Smart IKM: the national registry and marketplace hub for Indonesia's small and medium industries."""
