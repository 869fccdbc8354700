package bad.syntax

deny contains msg if {
	msg :=
}
