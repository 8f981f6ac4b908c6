package iam

//go:generate go run ../../../tools/awsgen -service iam -out shapes_gen.go -pkg iam
