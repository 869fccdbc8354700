package bad.env

deny contains msg if {
	env := opa.runtime().env
	msg := sprintf("%v", [env])
}
