// PhaseDiagram: see ../../../shared/DESIGN.md (placeholder until its issue lands)
